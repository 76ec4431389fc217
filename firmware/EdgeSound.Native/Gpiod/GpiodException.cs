namespace EdgeSound.Native.Gpiod;

/// <summary>
/// A libgpiod call failed. The message names the chip (and line offset) and carries the OS error text for
/// <see cref="Errno"/>.
/// </summary>
public sealed class GpiodException : IOException
{
    /// <summary>Creates the exception.</summary>
    public GpiodException(string message, int errno)
        : base(message)
    {
        Errno = errno;
    }

    /// <summary>The errno libgpiod left (2 = ENOENT: no such chip, 16 = EBUSY: line in use, 13 = EACCES).</summary>
    public int Errno { get; }
}
