using System.Runtime.InteropServices;
using EdgeSound.Native.Gpiod.Interop;

namespace EdgeSound.Native.Gpiod;

/// <summary>
/// A GPIO chip (<c>/dev/gpiochipN</c>) opened through libgpiod v1. Lines requested from it keep it open until they
/// are disposed. On a Raspberry Pi the 40-pin header's BCM GPIOs are lines of the chip labelled "pinctrl-bcm2835"
/// (gpiochip0 on Pi 1-4, "pinctrl-rp1" on Pi 5), and the line offset is the BCM GPIO number.
/// </summary>
public sealed unsafe class GpioChip : IDisposable
{
    /// <summary>The consumer name shown by <c>gpioinfo</c> for lines this program holds.</summary>
    public const string DefaultConsumer = "edgesound";

    private readonly SafeGpioChipHandle _handle;

    private GpioChip(SafeGpioChipHandle handle, string description)
    {
        _handle = handle;
        Description = description;
        Name = LibGpiod.Text(LibGpiod.ChipName(handle));
        Label = LibGpiod.Text(LibGpiod.ChipLabel(handle));
        LineCount = (int)LibGpiod.ChipLineCount(handle);
    }

    /// <summary>The name or path given to <see cref="Open"/>.</summary>
    public string Description { get; }

    /// <summary>Kernel name, e.g. "gpiochip0".</summary>
    public string Name { get; }

    /// <summary>Driver label, e.g. "pinctrl-bcm2835".</summary>
    public string Label { get; }

    /// <summary>Number of lines.</summary>
    public int LineCount { get; }

    /// <summary>libgpiod's version (<c>gpiod_version_string</c>), e.g. "1.6.3".</summary>
    public static string LibraryVersion => LibGpiod.Text(LibGpiod.VersionString());

    /// <summary>
    /// Opens a chip by path ("/dev/gpiochip0", <c>gpiod_chip_open</c>) or by name, number or label
    /// ("gpiochip0", "0", "pinctrl-bcm2835", <c>gpiod_chip_open_lookup</c>).
    /// </summary>
    /// <exception cref="GpiodException">No such chip, or no permission; the message names it.</exception>
    public static GpioChip Open(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrPath);
        nint chip = nameOrPath.Contains('/') ? LibGpiod.ChipOpen(nameOrPath) : LibGpiod.ChipOpenLookup(nameOrPath);
        if (chip == 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            string hint = System.IO.Directory.Exists("/dev") && System.IO.Directory.GetFiles("/dev", "gpiochip*").Length == 0
                ? " (this machine has no /dev/gpiochip* devices)"
                : string.Empty;
            throw new GpiodException(
                $"GPIO chip '{nameOrPath}' cannot be opened: {ErrnoText(errno)}{hint}",
                errno);
        }

        return new GpioChip(new SafeGpioChipHandle(chip), nameOrPath);
    }

    /// <summary>Requests <paramref name="offset"/> as an output (<c>gpiod_line_request_output_flags</c>), e.g. a status LED.</summary>
    /// <param name="offset">Line offset (BCM GPIO number on a Pi).</param>
    /// <param name="initialValue">Logical value set at request time.</param>
    /// <param name="activeLow">True when logical "on" drives the pin low.</param>
    /// <param name="consumer">Consumer label.</param>
    public GpioOutputLine RequestOutput(int offset, bool initialValue = false, bool activeLow = false, string consumer = DefaultConsumer)
    {
        int flags = activeLow ? LibGpiod.FlagActiveLow : 0;
        SafeGpioLineHandle line = Request(offset, "output", consumer, l => LibGpiod.LineRequestOutputFlags(l, consumer, flags, initialValue ? 1 : 0));
        return new GpioOutputLine(line, this, offset);
    }

    /// <summary>Requests <paramref name="offset"/> as an input reporting edge events, e.g. a push button.</summary>
    /// <param name="offset">Line offset (BCM GPIO number on a Pi).</param>
    /// <param name="edges">Which edges to report.</param>
    /// <param name="bias">Pull resistor (needs kernel 5.5+; <see cref="GpioBias.AsIs"/> otherwise).</param>
    /// <param name="activeLow">True to invert values and edge directions.</param>
    /// <param name="consumer">Consumer label.</param>
    public GpioInputLine RequestEdgeEvents(int offset, GpioEdge edges, GpioBias bias = GpioBias.AsIs, bool activeLow = false, string consumer = DefaultConsumer)
    {
        int flags = (activeLow ? LibGpiod.FlagActiveLow : 0) | bias switch
        {
            GpioBias.AsIs => 0,
            GpioBias.Disabled => LibGpiod.FlagBiasDisable,
            GpioBias.PullDown => LibGpiod.FlagBiasPullDown,
            GpioBias.PullUp => LibGpiod.FlagBiasPullUp,
            _ => throw new ArgumentOutOfRangeException(nameof(bias), bias, "Unknown bias."),
        };
        SafeGpioLineHandle line = edges switch
        {
            GpioEdge.Falling => Request(offset, "falling-edge input", consumer, l => LibGpiod.LineRequestFallingEdgeEventsFlags(l, consumer, flags)),
            GpioEdge.Rising => Request(offset, "rising-edge input", consumer, l => LibGpiod.LineRequestRisingEdgeEventsFlags(l, consumer, flags)),
            GpioEdge.Both => Request(offset, "both-edges input", consumer, l => LibGpiod.LineRequestBothEdgesEventsFlags(l, consumer, flags)),
            _ => throw new ArgumentOutOfRangeException(nameof(edges), edges, "Unknown edge selection."),
        };
        return new GpioInputLine(line, this, offset);
    }

    /// <summary>Closes the chip once every line requested from it has been disposed.</summary>
    public void Dispose() => _handle.Dispose();

    internal static string ErrnoText(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";

    private SafeGpioLineHandle Request(int offset, string what, string consumer, Func<nint, int> request)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (offset < 0 || offset >= LineCount)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"GPIO chip '{Name}' has lines 0..{LineCount - 1}.");
        }

        bool added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            nint line = LibGpiod.ChipGetLine(_handle, (uint)offset);
            if (line == 0 || request(line) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new GpiodException($"GPIO chip '{Name}' line {offset}: request as {what} failed: {ErrnoText(errno)}", errno);
            }

            added = false;
            return new SafeGpioLineHandle(line, _handle);
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }
}
