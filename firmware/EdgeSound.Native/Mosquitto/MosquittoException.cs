namespace EdgeSound.Native.Mosquitto;

/// <summary>
/// A libmosquitto call failed. The message carries <c>mosquitto_strerror</c>'s text (or the OS error text for
/// <see cref="MosquittoError.Errno"/>), the operation and, for network operations, host:port. It never contains
/// credentials.
/// </summary>
public sealed class MosquittoException : IOException
{
    /// <summary>Creates the exception.</summary>
    public MosquittoException(string message, MosquittoError error, int errno)
        : base(message)
    {
        Error = error;
        Errno = errno;
    }

    /// <summary>The libmosquitto result code.</summary>
    public MosquittoError Error { get; }

    /// <summary>The OS errno captured after the call (meaningful when <see cref="Error"/> is <see cref="MosquittoError.Errno"/>).</summary>
    public int Errno { get; }
}
