using System.Runtime.InteropServices;
using EdgeSound.Native.Mosquitto.Interop;

namespace EdgeSound.Native.Mosquitto;

/// <summary>
/// Owns one <c>struct mosquitto*</c> and the weak <see cref="GCHandle"/> passed to libmosquitto as callback
/// user data; releasing calls <c>mosquitto_destroy</c> (which closes the socket without a DISCONNECT packet) and then
/// frees the GCHandle, so no callback can see a freed handle.
/// </summary>
internal sealed class SafeMosquittoHandle : SafeHandle
{
    private readonly GCHandle _owner;

    public SafeMosquittoHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    internal SafeMosquittoHandle(nint mosq, GCHandle owner)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        _owner = owner;
        SetHandle(mosq);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibMosquitto.Destroy(handle);
        if (_owner.IsAllocated)
        {
            _owner.Free();
        }

        return true;
    }
}
