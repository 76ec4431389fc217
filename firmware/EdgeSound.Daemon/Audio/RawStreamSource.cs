using System.Runtime.InteropServices;
using System.Threading.Channels;
using EdgeSound.Daemon.Detection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSound.Daemon.Audio;

/// <summary>
/// Raw interleaved PCM from a stream (stdin with <c>--input -</c>): format, rate and channels from the <c>audio:</c>
/// options; conditioned like live capture (channel pick, DC removal, gain, resampling). Read with blocking calls on
/// its own thread; never drops: it waits for the pipeline.
/// </summary>
public sealed class RawStreamSource(Stream stream, string name, CaptureFormat format, int rate, int channels, int channel, double gainDb, bool dcRemoval, double queueSeconds) : IAudioSource
{
    private const int FramesPerRead = 2048;

    /// <summary>Where a trailing partial sample frame is reported.</summary>
    public ILogger Log { get; init; } = NullLogger.Instance;

    public string Name => name;
    public bool IsLive => false;
    /// <summary>A pipe has no recorded start: its events are stamped like live input.</summary>
    public EventClock Clock { get; } = EventClock.Live(TimeProvider.System);

    public Task RunAsync(ChannelWriter<AudioChunk> writer, SourceCounters counters, CancellationToken cancel) =>
        AudioChannel.RunOnThread("stream-source", () => Run(writer, counters, cancel));

    private void Run(ChannelWriter<AudioChunk> writer, SourceCounters counters, CancellationToken cancel)
    {
        var frameBytes = CaptureFormats.BytesPerSample(format) * channels;
        var bytes = new byte[FramesPerRead * frameBytes];
        var conditioner = new SampleConditioner(rate, channels, channel, gainDb, dcRemoval, FramesPerRead);
        var output = new short[Math.Max(conditioner.MaxOutput(FramesPerRead), conditioner.MaxFlushOutput)];
        var pool = AudioChannel.Pool(queueSeconds);
        var filled = 0;
        while (!cancel.IsCancellationRequested)
        {
            var read = stream.Read(bytes, filled, bytes.Length - filled);
            if (read == 0)
            {
                break;
            }

            filled += read;
            var whole = filled / frameBytes * frameBytes;
            if (whole == 0)
            {
                continue;
            }

            var n = format != CaptureFormat.S16LE
                ? conditioner.Process(MemoryMarshal.Cast<byte, int>(bytes.AsSpan(0, whole)), format, output)
                : conditioner.Process(MemoryMarshal.Cast<byte, short>(bytes.AsSpan(0, whole)), output);
            bytes.AsSpan(whole, filled - whole).CopyTo(bytes);
            filled -= whole;
            if (!AudioChannel.SendWaiting(writer, pool, output.AsSpan(0, n), counters, cancel))
            {
                return;
            }
        }

        if (filled > 0)
        {
            Log.LogWarning("{Name}: the last {Bytes} bytes are not a whole sample frame ({FrameBytes} bytes) and were dropped (a cut stream, or the wrong audio:format/channels?)", name, filled, frameBytes);
        }

        AudioChannel.SendWaiting(writer, pool, output.AsSpan(0, conditioner.Flush(output)), counters, cancel);
    }
}
