using System.Runtime.InteropServices;

namespace EdgeSound.Native.Gpiod.Interop;

/// <summary>
/// P/Invoke declarations for libgpiod v1 (1.6, <c>libgpiod.so.2</c>): chips and lines of the GPIO character
/// device. Every call that can fail sets errno (<c>SetLastError</c>).
/// </summary>
internal static unsafe partial class LibGpiod
{
    private const string Library = "libgpiod.so.2";

    internal const int FlagActiveLow = 1 << 2;
    internal const int FlagBiasDisable = 1 << 3;
    internal const int FlagBiasPullDown = 1 << 4;
    internal const int FlagBiasPullUp = 1 << 5;

    internal const int EventRisingEdge = 1;
    internal const int EventFallingEdge = 2;

    [LibraryImport(Library, EntryPoint = "gpiod_version_string")]
    internal static partial byte* VersionString();

    [LibraryImport(Library, EntryPoint = "gpiod_chip_open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial nint ChipOpen(string path);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_open_lookup", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial nint ChipOpenLookup(string description);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_close")]
    internal static partial void ChipClose(nint chip);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_name")]
    internal static partial byte* ChipName(SafeGpioChipHandle chip);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_label")]
    internal static partial byte* ChipLabel(SafeGpioChipHandle chip);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_num_lines")]
    internal static partial uint ChipLineCount(SafeGpioChipHandle chip);

    [LibraryImport(Library, EntryPoint = "gpiod_chip_get_line", SetLastError = true)]
    internal static partial nint ChipGetLine(SafeGpioChipHandle chip, uint offset);

    [LibraryImport(Library, EntryPoint = "gpiod_line_request_output_flags", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int LineRequestOutputFlags(nint line, string consumer, int flags, int defaultValue);

    [LibraryImport(Library, EntryPoint = "gpiod_line_request_falling_edge_events_flags", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int LineRequestFallingEdgeEventsFlags(nint line, string consumer, int flags);

    [LibraryImport(Library, EntryPoint = "gpiod_line_request_rising_edge_events_flags", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int LineRequestRisingEdgeEventsFlags(nint line, string consumer, int flags);

    [LibraryImport(Library, EntryPoint = "gpiod_line_request_both_edges_events_flags", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int LineRequestBothEdgesEventsFlags(nint line, string consumer, int flags);

    [LibraryImport(Library, EntryPoint = "gpiod_line_release")]
    internal static partial void LineRelease(nint line);

    [LibraryImport(Library, EntryPoint = "gpiod_line_set_value", SetLastError = true)]
    internal static partial int LineSetValue(SafeGpioLineHandle line, int value);

    [LibraryImport(Library, EntryPoint = "gpiod_line_get_value", SetLastError = true)]
    internal static partial int LineGetValue(SafeGpioLineHandle line);

    [LibraryImport(Library, EntryPoint = "gpiod_line_event_wait", SetLastError = true)]
    internal static partial int LineEventWait(SafeGpioLineHandle line, in Timespec timeout);

    [LibraryImport(Library, EntryPoint = "gpiod_line_event_read", SetLastError = true)]
    internal static partial int LineEventRead(SafeGpioLineHandle line, out LineEvent lineEvent);

    [LibraryImport(Library, EntryPoint = "gpiod_line_event_get_fd", SetLastError = true)]
    internal static partial int LineEventGetFd(SafeGpioLineHandle line);

    /// <summary><c>struct timespec</c> (<c>time_t</c> and <c>long</c> are pointer-sized on the targets).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Timespec
    {
        public nint Seconds;
        public nint Nanoseconds;
    }

    /// <summary><c>struct gpiod_line_event</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct LineEvent
    {
        public Timespec Timestamp;
        public int EventType;
    }

    internal static string Text(byte* text) => text is null ? string.Empty : Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;
}
