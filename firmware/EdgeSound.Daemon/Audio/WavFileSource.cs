using System.Diagnostics;
using System.Threading.Channels;
using EdgeSound.Dsp.Audio;

namespace EdgeSound.Daemon.Audio;

/// <summary>
/// A WAV file (any rate, depth or channel count: read and downmixed by <see cref="WavReader"/>), resampled to
/// 16 kHz exactly as the trainer's <c>evaluate</c> does (no DC filter or gain here: the frontend removes DC), sent
/// as fast as the pipeline takes it (<c>max</c>) or paced to the clock (<c>realtime</c>). Its origin is the file's
/// modification time, so two runs over the same file write identical events.
/// </summary>
public sealed class WavFileSource(string path, bool realtime) : IAudioSource
{
    public string Name => "file " + path;
    public bool IsLive => false;
    public DateTimeOffset Origin { get; } = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);

    public async Task RunAsync(ChannelWriter<AudioChunk> writer, SourceCounters counters, CancellationToken cancel)
    {
        var clip = WavReader.Read(path);
        var chunkFrames = (int)Math.Max(256, (long)AudioChannel.ChunkSamples * clip.SampleRate / SampleConditioner.OutputRate);
        var conditioner = new SampleConditioner(clip.SampleRate, 1, 0, 0, dcRemoval: false, chunkFrames);
        var output = new short[Math.Max(conditioner.MaxOutput(chunkFrames), conditioner.MaxFlushOutput)];
        var clock = Stopwatch.StartNew();
        long sent = 0;
        for (var offset = 0; offset < clip.Samples.Length; offset += chunkFrames)
        {
            var n = conditioner.Process(clip.Samples.AsSpan(offset, Math.Min(chunkFrames, clip.Samples.Length - offset)), output);
            sent += await Send(writer, output, n, counters, cancel).ConfigureAwait(false);
            if (realtime)
            {
                var due = TimeSpan.FromSeconds(sent / (double)SampleConditioner.OutputRate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, cancel).ConfigureAwait(false);
                }
            }
        }

        var tail = conditioner.Flush(output);
        await Send(writer, output, tail, counters, cancel).ConfigureAwait(false);
    }

    private static async ValueTask<int> Send(ChannelWriter<AudioChunk> writer, short[] output, int n, SourceCounters counters, CancellationToken cancel)
    {
        if (n == 0)
        {
            return 0;
        }

        counters.AddSamples(n);
        counters.Beat();
        await writer.WriteAsync(AudioChunk.Copy(output.AsSpan(0, n)), cancel).ConfigureAwait(false);
        return n;
    }
}
