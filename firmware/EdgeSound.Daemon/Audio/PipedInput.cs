using System.Buffers;
using System.IO.Pipelines;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Dsp.Audio;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Audio;

/// <summary>
/// <c>--input -</c>, or an <c>--input</c> path that cannot seek (a FIFO, a pipe such as <c>/dev/stdin</c> or a shell's
/// <c>/dev/fd/N</c>, a terminal; see <see cref="StreamPath"/>): looks at the first bytes of the stream without consuming them (a
/// <see cref="PipeReader"/>) and reads a WAV stream by its header (<see cref="WavStreamReader"/>, <see cref="WavSource.FromStream"/>) when they are
/// <c>RIFF</c> or <c>RF64</c>, else raw interleaved PCM in the <c>audio:</c> format, rate and channels
/// (<see cref="RawStreamSource"/>). Blocks until four bytes, then the header and one whole sample frame, arrived or
/// the stream ended; a stream without one whole sample frame of audio is refused.
/// </summary>
public static class PipedInput
{
    /// <summary>The name the stream goes by in logs and messages.</summary>
    public const string Name = "stdin";

    private const int BufferBytes = 64 * 1024;

    /// <summary>Reads stdin's <paramref name="stream"/>, named <see cref="Name"/> in messages.</summary>
    /// <exception cref="IOException">The stream ended before its first whole sample frame of audio, or its WAV header is refused; the message starts with <see cref="Name"/>.</exception>
    public static IAudioSource Open(Stream stream, AudioOptions a, ILoggerFactory loggers) => Open(stream, Name, a, loggers);

    /// <summary>Reads <paramref name="stream"/>, named <paramref name="name"/> (the path it was opened from) in logs and messages.</summary>
    /// <exception cref="IOException">The stream ended before its first whole sample frame of audio, or its WAV header is refused; the message starts with <paramref name="name"/>.</exception>
    public static IAudioSource Open(Stream stream, string name, AudioOptions a, ILoggerFactory loggers)
    {
        var pipe = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: BufferBytes));
        var head = pipe.ReadAtLeastAsync(4).AsTask().GetAwaiter().GetResult();
        var empty = head.Buffer.IsEmpty;
        var wav = IsRiff(head.Buffer);
        pipe.AdvanceTo(head.Buffer.Start);
        if (empty)
        {
            pipe.Complete();
            throw new IOException($"{name}: ended before its first byte (an empty pipe or file): no audio, neither a WAV stream nor raw PCM");
        }

        if (wav)
        {
            var reader = new WavStreamReader(pipe.AsStream(), name);
            var blockAlign = reader.Format.BlockAlign;
            if (Buffered(pipe, blockAlign) is var audio && audio < blockAlign)
            {
                reader.Dispose();
                throw new IOException($"{name}: ended {audio} bytes after its WAV header, before the first whole sample frame ({blockAlign} bytes): no audio");
            }

            return WavSource.FromStream(reader, a, loggers.CreateLogger<WavSource>());
        }

        var format = CaptureFormats.Parse(a.Format);
        var frameBytes = CaptureFormats.BytesPerSample(format) * a.Channels;
        if (Buffered(pipe, frameBytes) is var length && length < frameBytes)
        {
            pipe.Complete();
            throw new IOException($"{name}: ended after {length} bytes, before the first whole sample frame ({frameBytes} bytes of {format} x {a.Channels} channel(s)): no audio");
        }

        return new RawStreamSource(pipe.AsStream(), name, format, a.SampleRate, a.Channels, a.Channel, a.GainDb, a.DcRemoval, a.QueueSeconds)
        {
            Log = loggers.CreateLogger<RawStreamSource>(),
        };
    }

    /// <summary>Waits until <paramref name="bytes"/> bytes are buffered or the stream ended; how many are, none consumed.</summary>
    private static long Buffered(PipeReader pipe, int bytes)
    {
        var result = pipe.ReadAtLeastAsync(bytes).AsTask().GetAwaiter().GetResult();
        var length = result.Buffer.Length;
        pipe.AdvanceTo(result.Buffer.Start);
        return length;
    }

    private static bool IsRiff(ReadOnlySequence<byte> head)
    {
        if (head.Length < 4)
        {
            return false;
        }

        Span<byte> id = stackalloc byte[4];
        head.Slice(0, 4).CopyTo(id);
        return id.SequenceEqual("RIFF"u8) || id.SequenceEqual("RF64"u8);
    }
}
