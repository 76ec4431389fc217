using System.Runtime.InteropServices;
using EdgeSound.Native.Gpiod.Interop;

namespace EdgeSound.Native.Gpiod;

/// <summary>Owns one <c>struct gpiod_chip*</c>; releasing calls <c>gpiod_chip_close</c>.</summary>
internal sealed class SafeGpioChipHandle : SafeHandle
{
    public SafeGpioChipHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    internal SafeGpioChipHandle(nint chip)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(chip);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibGpiod.ChipClose(handle);
        return true;
    }
}

/// <summary>
/// One requested line (<c>struct gpiod_line*</c>, owned by its chip); releasing calls <c>gpiod_line_release</c>.
/// The handle holds a reference on its chip handle so the chip cannot be closed while the request is alive.
/// </summary>
internal sealed class SafeGpioLineHandle : SafeHandle
{
    private readonly SafeGpioChipHandle? _chip;

    public SafeGpioLineHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <summary>Wraps a line that has been requested; the caller has already called DangerousAddRef on <paramref name="chip"/>.</summary>
    internal SafeGpioLineHandle(nint line, SafeGpioChipHandle chip)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _chip = chip;
        SetHandle(line);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibGpiod.LineRelease(handle);
        _chip?.DangerousRelease();
        return true;
    }
}
