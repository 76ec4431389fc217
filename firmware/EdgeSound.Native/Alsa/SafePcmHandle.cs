using System.Runtime.InteropServices;
using EdgeSound.Native.Alsa.Interop;

namespace EdgeSound.Native.Alsa;

/// <summary>Owns one <c>snd_pcm_t*</c>; releasing it calls <c>snd_pcm_close</c>.</summary>
internal sealed class SafePcmHandle : SafeHandle
{
    /// <summary>Creates an empty handle; P/Invoke marshalling fills it.</summary>
    public SafePcmHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    internal SafePcmHandle(nint pcm)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(pcm);
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <inheritdoc />
    protected override bool ReleaseHandle() => LibAsound.PcmClose(handle) == 0;
}
