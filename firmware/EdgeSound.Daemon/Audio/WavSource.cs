using System.Diagnostics;
using System.Threading.Channels;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Dsp.Audio;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Audio;

/// <summary>
/// A WAV file, or a WAV stream on stdin, of any length, rate, depth or channel count, streamed in bounded memory by
/// <see cref="WavStreamReader"/> (channels averaged) and conditioned exactly as live capture is
/// (<see cref="SampleConditioner"/> with <c>audio:dc_removal</c> and <c>audio:gain_db</c>, resampled to 16 kHz), so the
/// same samples give the same levels and gate decisions from a file as from a microphone. A file is sent as fast as the
/// pipeline takes it (<c>max</c>) or paced to the clock (<c>realtime</c>); a stream at the pace it arrives. Read from its
/// own thread. The header is read and checked when the source is made: a bad one throws an <see cref="IOException"/>
/// naming the file before anything runs; what the header got wrong but could be read anyway is logged as a warning.
/// A file's events are stamped from the recording's start (<see cref="RecordingStart"/>: a BWF <c>bext</c> origination
/// time, or the modification time minus the duration), so two runs over the same file write identical events; a
/// stream's like live input.
/// </summary>
public sealed class WavSource : IAudioSource
{
    private readonly string _name;
    private readonly AudioOptions _options;
    private readonly ILogger _log;
    private readonly WavStreamReader _reader;
    private readonly bool _paced;

    private WavSource(WavStreamReader reader, string name, EventClock clock, bool paced, AudioOptions options, ILogger log, string? clockWarning)
    {
        _reader = reader;
        Name = reader.IsSeekable ? "file " + name : name;
        _name = name;
        _options = options;
        _log = log;
        _paced = paced;
        Clock = clock;
        foreach (var warning in _reader.Warnings.Append(clockWarning).OfType<string>())
        {
            log.LogWarning("{File}: {Warning}", name, warning);
        }
    }

    /// <summary>Opens a WAV file and checks its header.</summary>
    /// <exception cref="IOException">The file is missing, a directory or not a WAV file it can read; the message starts with <paramref name="path"/>.</exception>
    public static WavSource FromFile(string path, AudioOptions options, ILogger log)
    {
        var reader = WavStreamReader.Open(path);
        var start = RecordingStart.Of(path, TimeZoneInfo.Local);
        return new WavSource(reader, path, EventClock.Recording(start.Start, start.Source), options.Speed == "realtime", options, log, start.Warning);
    }

    /// <summary>
    /// The audio of a stream that need not seek (stdin) whose WAV header <paramref name="reader"/> has read: a
    /// <c>data</c> size of 0 or 0xFFFFFFFF, as streaming writers leave it, means "until the end of the stream". Its
    /// events are stamped like live input.
    /// </summary>
    public static WavSource FromStream(WavStreamReader reader, AudioOptions options, ILogger log) =>
        new(reader, reader.SourceName, EventClock.Live(TimeProvider.System), paced: false, options, log, clockWarning: null);

    public string Name { get; }
    public bool IsLive => false;
    public EventClock Clock { get; }

    /// <summary>The recording's sample rate in Hz.</summary>
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
        var realtime = _paced;
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
            _log.LogWarning("{File}: {Warning}", _name, reader.Warnings[i]);
        }

        AudioChannel.SendWaiting(writer, pool, output.AsSpan(0, conditioner.Flush(output)), counters, cancel);
    }
}
