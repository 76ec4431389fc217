using System.Runtime.InteropServices;
using EdgeSound.Native.Gpiod.Interop;

namespace EdgeSound.Native.Gpiod;

/// <summary>A line requested as output (<see cref="GpioChip.RequestOutput"/>); disposing releases it.</summary>
public sealed class GpioOutputLine : IDisposable
{
    private readonly SafeGpioLineHandle _handle;
    private readonly string _chipName;

    internal GpioOutputLine(SafeGpioLineHandle handle, GpioChip chip, int offset)
    {
        _handle = handle;
        _chipName = chip.Name;
        Offset = offset;
    }

    /// <summary>Line offset on its chip.</summary>
    public int Offset { get; }

    /// <summary>Drives the line (<c>gpiod_line_set_value</c>); the value is logical (inverted when active-low).</summary>
    public void SetValue(bool value)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (LibGpiod.LineSetValue(_handle, value ? 1 : 0) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new GpiodException($"GPIO chip '{_chipName}' line {Offset}: set value failed: {GpioChip.ErrnoText(errno)}", errno);
        }
    }

    /// <summary>Releases the line (<c>gpiod_line_release</c>).</summary>
    public void Dispose() => _handle.Dispose();
}

/// <summary>
/// A line requested for edge events (<see cref="GpioChip.RequestEdgeEvents"/>). The owner waits on its own thread
/// with <see cref="WaitForEdge"/>, or polls <see cref="FileDescriptor"/>; disposing releases the line.
/// </summary>
public sealed class GpioInputLine : IDisposable
{
    private readonly SafeGpioLineHandle _handle;
    private readonly string _chipName;

    internal GpioInputLine(SafeGpioLineHandle handle, GpioChip chip, int offset)
    {
        _handle = handle;
        _chipName = chip.Name;
        Offset = offset;
    }

    /// <summary>Line offset on its chip.</summary>
    public int Offset { get; }

    /// <summary>The event file descriptor (<c>gpiod_line_event_get_fd</c>), readable when an edge is queued.</summary>
    public int FileDescriptor => Check(LibGpiod.LineEventGetFd(_handle), "get event descriptor");

    /// <summary>Reads the current logical value (<c>gpiod_line_get_value</c>).</summary>
    public bool GetValue() => Check(LibGpiod.LineGetValue(_handle), "get value") == 1;

    /// <summary>Waits until an edge event is queued or <paramref name="timeout"/> passes (<c>gpiod_line_event_wait</c>).</summary>
    /// <returns>True when an event can be read with <see cref="ReadEdge"/>.</returns>
    public bool WaitForEdge(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        long ticks = timeout.Ticks;
        var spec = new LibGpiod.Timespec
        {
            Seconds = (nint)(ticks / TimeSpan.TicksPerSecond),
            Nanoseconds = (nint)(ticks % TimeSpan.TicksPerSecond * 100),
        };
        return Check(LibGpiod.LineEventWait(_handle, in spec), "wait for edge") == 1;
    }

    /// <summary>Reads one queued edge event (<c>gpiod_line_event_read</c>); blocks if none is queued.</summary>
    public GpioEdgeEvent ReadEdge()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        Check(LibGpiod.LineEventRead(_handle, out LibGpiod.LineEvent e), "read edge event");
        var timestamp = TimeSpan.FromTicks((e.Timestamp.Seconds * TimeSpan.TicksPerSecond) + (e.Timestamp.Nanoseconds / 100));
        GpioEdge edge = e.EventType == LibGpiod.EventRisingEdge ? GpioEdge.Rising : GpioEdge.Falling;
        return new GpioEdgeEvent(edge, timestamp);
    }

    /// <summary>Releases the line (<c>gpiod_line_release</c>).</summary>
    public void Dispose() => _handle.Dispose();

    private int Check(int rc, string operation)
    {
        if (rc < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new GpiodException($"GPIO chip '{_chipName}' line {Offset}: {operation} failed: {GpioChip.ErrnoText(errno)}", errno);
        }

        return rc;
    }
}
