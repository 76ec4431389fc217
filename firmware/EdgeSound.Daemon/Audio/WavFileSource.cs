using System.Diagnostics;
using System.Threading.Channels;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Dsp.Audio;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Audio;

/// <summary>
/// A WAV file of any length, rate, depth or channel count, streamed in bounded memory by <see cref="WavStreamReader"/>
/// (channels averaged) and conditioned exactly as live capture is (<see cref="SampleConditioner"/> with
/// <c>audio:dc_removal</c> and <c>audio:gain_db</c>, resampled to 16 kHz), so the same samples give the same levels and
/// gate decisions from a file as from a microphone. Sent as fast as the pipeline takes it (<c>max</c>) or paced to the
/// clock (<c>realtime</c>), from its own thread. The header is read and checked when the source is made: a bad file
/// throws an <see cref="IOException"/> naming it before anything runs; what the header got wrong but could be read
/// anyway is logged as a warning. Events are stamped from the recording's start (<see cref="RecordingStart"/>: a BWF
/// <c>bext</c> origination time, or the modification time minus the duration), so two runs over the same file write
/// identical events.
/// </summary>
public sealed class WavFileSource : IAudioSource
{
    private readonly string _path;
    private readonly AudioOptions _options;
    private readonly ILogger _log;
    private readonly WavStreamReader _reader;

    public WavFileSource(string path, AudioOptions options, ILogger log)
    {
        _path = path;
        _options = options;
        _log = log;
        _reader = WavStreamReader.Open(path);
        var start = RecordingStart.Of(path, TimeZoneInfo.Local);
        Clock = EventClock.Recording(start.Start, start.Source);
        foreach (var warning in _reader.Warnings.Append(start.Warning).OfType<string>())
        {
            log.LogWarning("{File}: {Warning}", path, warning);
        }
    }

    public string Name => "file " + _path;
    public bool IsLive => false;
    public EventClock Clock { get; }

    /// <summary>The file's sample rate in Hz.</summary>
    public int SampleRate => _reader.SampleRate;

    public Task RunAsync(ChannelWriter<AudioChunk> writer, SourceCounters counters, CancellationToken cancel) =>
        AudioChannel.RunOnThread("wav-source", () => Run(writer, counters, cancel));

    private void Run(ChannelWriter<AudioChunk> writer, SourceCounters counters, CancellationToken cancel)
    {
        using var reader = _reader;
        var headerWarnings = reader.Warnings.Count;
        var chunkFrames = (int)Math.Max(256, (long)AudioChannel.ChunkSamples * reader.SampleRate / SampleConditioner.OutputRate);
        var conditioner = new SampleConditioner(reader.SampleRate, 1, 0, _options.GainDb, _options.DcRemoval, chunkFrames);
        var input = new float[chunkFrames];
        var output = new short[Math.Max(conditioner.MaxOutput(chunkFrames), conditioner.MaxFlushOutput)];
        var pool = AudioChannel.Pool(_options.QueueSeconds);
        var realtime = _options.Speed == "realtime";
        var clock = Stopwatch.StartNew();
        long sent = 0;
        int read;
        while (!cancel.IsCancellationRequested && (read = reader.Read(input)) > 0)
        {
            var n = conditioner.Process(input.AsSpan(0, read), output);
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

        for (var i = headerWarnings; i < reader.Warnings.Count; i++)
        {
            _log.LogWarning("{File}: {Warning}", _path, reader.Warnings[i]);
        }

        AudioChannel.SendWaiting(writer, pool, output.AsSpan(0, conditioner.Flush(output)), counters, cancel);
    }
}
