using System.Diagnostics;
using System.Threading.Channels;
using EdgeSound.Dsp.Audio;

namespace EdgeSound.Daemon.Audio;

/// <summary>
/// A WAV file (any rate, depth or channel count: read and downmixed by <see cref="WavReader"/>), resampled to
/// 16 kHz exactly as the trainer's <c>evaluate</c> does (no DC filter or gain here: the frontend removes DC), sent
/// as fast as the pipeline takes it (<c>max</c>) or paced to the clock (<c>realtime</c>), from its own thread. Its
/// origin is the file's modification time, so two runs over the same file write identical events.
/// </summary>
public sealed class WavFileSource(string path, bool realtime, double queueSeconds) : IAudioSource
{
    public string Name => "file " + path;
    public bool IsLive => false;
    public DateTimeOffset Origin { get; } = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);

    public Task RunAsync(ChannelWriter<AudioChunk> writer, SourceCounters counters, CancellationToken cancel) =>
        AudioChannel.RunOnThread("wav-source", () => Run(writer, counters, cancel));

    private void Run(ChannelWriter<AudioChunk> writer, SourceCounters counters, CancellationToken cancel)
    {
        var clip = WavReader.Read(path);
        var chunkFrames = (int)Math.Max(256, (long)AudioChannel.ChunkSamples * clip.SampleRate / SampleConditioner.OutputRate);
        var conditioner = new SampleConditioner(clip.SampleRate, 1, 0, 0, dcRemoval: false, chunkFrames);
        var output = new short[Math.Max(conditioner.MaxOutput(chunkFrames), conditioner.MaxFlushOutput)];
        var pool = AudioChannel.Pool(queueSeconds);
        var clock = Stopwatch.StartNew();
        long sent = 0;
        for (var offset = 0; offset < clip.Samples.Length && !cancel.IsCancellationRequested; offset += chunkFrames)
        {
            var n = conditioner.Process(clip.Samples.AsSpan(offset, Math.Min(chunkFrames, clip.Samples.Length - offset)), output);
            if (!AudioChannel.SendWaiting(writer, pool, output.AsSpan(0, n), counters, cancel))
            {
                return;
            }

            sent += n;
            if (realtime)
            {
                var due = TimeSpan.FromSeconds(sent / (double)SampleConditioner.OutputRate);
                if (due > clock.Elapsed)
                {
                    cancel.WaitHandle.WaitOne(due - clock.Elapsed);
                }
            }
        }

        AudioChannel.SendWaiting(writer, pool, output.AsSpan(0, conditioner.Flush(output)), counters, cancel);
    }
}
