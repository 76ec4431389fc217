using System.Threading.Channels;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Resilience;
using EdgeSound.Native.Alsa;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Audio;

/// <summary>
/// Live capture through libasound on a dedicated thread: blocking period-sized reads (gapless while the pipeline
/// keeps up), S16_LE, S24_LE or S32_LE conditioned to 16 kHz mono. S32_LE words that carry 24-bit values in their low
/// bits (48 dB too quiet) are recognised by <see cref="Low24BitCheck"/> and logged once with the advice to use s24_le. Overruns are recovered (<c>snd_pcm_recover</c>),
/// counted and logged; a device that fails or disappears is closed and reopened by a <see cref="Reconnector{T}"/>
/// (exponential back-off from <c>audio:reopen_min_s</c> to <c>audio:reopen_max_s</c>, again from the minimum after
/// each successful open), without restarting the process. When the pipeline falls <c>audio:queue_s</c> behind,
/// chunks are dropped and counted.
/// </summary>
/// <param name="time">The clock of the event times and of the reopen delays; the system clock when null.</param>
public sealed class AlsaCaptureSource(AudioOptions options, ILogger log, TimeProvider? time = null) : IAudioSource
{
    public string Name => "ALSA " + options.Input;
    public bool IsLive => true;
    public EventClock Clock { get; } = EventClock.Live(time ?? TimeProvider.System);

    public Task RunAsync(ChannelWriter<AudioChunk> writer, SourceCounters counters, CancellationToken cancel) =>
        AudioChannel.RunOnThread("alsa-capture", () => Capture(writer, counters, cancel), ThreadPriority.AboveNormal);

    /// <summary>The hardware request for these options.</summary>
    public static PcmHardwareRequest Request(AudioOptions o) => new(
        CaptureFormats.ToAlsa(CaptureFormats.Parse(o.Format)),
        o.Channels,
        o.SampleRate,
        ExactRate: true,
        PeriodFrames: o.SampleRate * o.PeriodMs / 1000,
        BufferFrames: o.SampleRate * o.BufferMs / 1000);

    private void Capture(ChannelWriter<AudioChunk> writer, SourceCounters counters, CancellationToken cancel)
    {
        var reopen = new Reconnector<OpenDevice>(
            TimeSpan.FromSeconds(options.ReopenMinSeconds),
            TimeSpan.FromSeconds(options.ReopenMaxSeconds),
            e => e is AlsaException,
            (failure, delay) =>
            {
                var n = counters.AddReopen();
                log.LogWarning("ALSA device {Device} unavailable ({Reason}); reopening in {Delay:0.#} s (attempt {Attempt})",
                    options.Input, failure?.Message, delay.TotalSeconds, n);
                counters.Reopening(delay);
            },
            time);
        reopen.Run(_ => Open(counters), (device, stop) => ReadLoop(device.Pcm, device.Config, writer, counters, stop), cancel);
    }

    /// <summary>Opens and configures the device.</summary>
    /// <exception cref="AlsaException">The device cannot be opened or configured.</exception>
    private OpenDevice Open(SourceCounters counters)
    {
        counters.Reopening(TimeSpan.Zero);
        var pcm = AlsaPcm.Open(options.Input, PcmDirection.Capture);
        try
        {
            var config = pcm.Configure(Request(options));
            log.LogInformation("Capturing from ALSA {Device}: {Format} {Channels} ch {Rate} Hz, period {Period} frames, buffer {Buffer} frames",
                options.Input, config.Format, config.Channels, config.Rate, config.PeriodFrames, config.BufferFrames);
            return new OpenDevice(pcm, config);
        }
        catch
        {
            pcm.Dispose();
            throw;
        }
    }

    private void ReadLoop(AlsaPcm pcm, PcmConfiguration config, ChannelWriter<AudioChunk> writer, SourceCounters counters, CancellationToken cancel)
    {
        var frames = Math.Max(1, config.PeriodFrames);
        var conditioner = new SampleConditioner(config.Rate, config.Channels, options.Channel, options.GainDb, options.DcRemoval, frames);
        var output = new short[conditioner.MaxOutput(frames)];
        var pool = AudioChannel.Pool(options.QueueSeconds);
        var format = CaptureFormats.Parse(options.Format);
        var words = format != CaptureFormat.S16LE;
        var ints = words ? new int[frames * config.Channels] : [];
        var shorts = words ? [] : new short[frames * config.Channels];
        var low24 = format == CaptureFormat.S32LE ? new Low24BitCheck() : null;
        var checkUntil = (long)config.Rate * 10;
        while (!cancel.IsCancellationRequested)
        {
            var rc = words ? pcm.Read(ints) : pcm.Read(shorts);
            counters.Beat();
            if (rc < 0)
            {
                if (pcm.Recover(rc))
                {
                    log.LogWarning("ALSA {Device} overrun (capture fell behind the hardware); recovered, {Overruns} so far", options.Input, counters.AddOverrun());
                }

                continue;
            }

            if (low24 is not null)
            {
                low24.Add(ints.AsSpan(0, rc * config.Channels), options.Channel, config.Channels);
                if (low24.LooksLikeLow24 || low24.NonZeroWords >= checkUntil)
                {
                    if (low24.LooksLikeLow24)
                    {
                        log.LogWarning("{Advice}", low24.Advice("ALSA " + options.Input));
                    }

                    low24 = null;
                }
            }

            var n = words
                ? conditioner.Process(ints.AsSpan(0, rc * config.Channels), format, output)
                : conditioner.Process(shorts.AsSpan(0, rc * config.Channels), output);
            if (n == 0)
            {
                continue;
            }

            counters.AddSamples(n);
            var chunk = pool.Copy(output.AsSpan(0, n));
            if (!writer.TryWrite(chunk))
            {
                chunk.Return();
                var dropped = counters.AddDropped();
                if (dropped == 1 || dropped % 100 == 0)
                {
                    log.LogWarning("Pipeline is {Seconds:0.#} s behind live audio: dropped {Dropped} audio chunks so far", options.QueueSeconds, dropped);
                }
            }
        }
    }

    /// <summary>An open, configured capture device.</summary>
    private sealed record OpenDevice(AlsaPcm Pcm, PcmConfiguration Config) : IDisposable
    {
        public void Dispose() => Pcm.Dispose();
    }
}
