using EdgeSound.Daemon.Configuration;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Audio;

/// <summary>
/// An existing <c>--input</c> path: a regular file (one that can seek) is a WAV file (<see cref="WavSource.FromFile"/>,
/// stamped from the recording's start); anything that cannot seek (a FIFO, a pipe such as <c>/dev/stdin</c> or a
/// shell's <c>/dev/fd/N</c> from <c>&lt;(...)</c>, a terminal) is read as a stream exactly as <c>--input -</c> is
/// (<see cref="PipedInput"/>: a WAV stream by its header, else raw PCM in the <c>audio:</c> format), stamped like live
/// input. Opening a FIFO waits until a writer opens it, as any reader of a FIFO does.
/// </summary>
public static class StreamPath
{
    /// <summary>Opens <c>audio:input</c>, which exists and is not a directory.</summary>
    /// <exception cref="IOException">The path cannot be opened for reading, or what it holds is refused; the message starts with the path.</exception>
    public static IAudioSource Open(AudioOptions a, ILoggerFactory loggers)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(a.Input, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        }
        catch (UnauthorizedAccessException)
        {
            throw new IOException($"{a.Input}: permission denied");
        }

        if (!stream.CanSeek)
        {
            return PipedInput.Open(stream, a.Input, a, loggers);
        }

        stream.Dispose();
        return WavSource.FromFile(a.Input, a, loggers.CreateLogger<WavSource>());
    }
}
