using System.Threading.Channels;
using EdgeSound.Daemon.Audio;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Cues;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Gpio;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// The cue player's loop, run whenever cues are enabled (the dashboard's cue designer may add cues while it runs). The alert stage hands each stored event over a bounded channel of
/// <see cref="QueueCapacity"/> events, full mode DropWrite: when cues back up the newest events get no cue (counted
/// and logged), and the alert stage never waits for a speaker. Cues play one after another on the service's own
/// thread, on <c>cues:output</c>: the speaker (<c>cues:device</c>), the piezo buzzer, or both. With no buzzer available
/// (its PWM channel failed to open) the buzzer is left out with a warning: the speaker alone for <c>both</c>, no cues for
/// <c>buzzer</c>.
/// </summary>
public sealed class CueService(
    DaemonRuntime runtime,
    AlertFeed alerts,
    CueLibrary library,
    PlaybackGate gate,
    SharedBuzzer buzzer,
    IOptions<DaemonOptions> options,
    ILogger<CueService> log) : BackgroundService
{
    /// <summary>Events waiting for their cue.</summary>
    public const int QueueCapacity = 4;

    private readonly Channel<DetectedEvent> _queue = Channel.CreateBounded<DetectedEvent>(new BoundedChannelOptions(QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
        SingleWriter = true,
    });

    private long _dropped;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value.Cues;
        if (!o.Enabled)
        {
            return;
        }

        if (Output(o) is not { } output)
        {
            return;
        }

        var player = new CuePlayer(
            library,
            new CuePolicy(o, TimeProvider.System),
            output,
            gate,
            o.TailSeconds,
            () => runtime.Counters.Samples / (double)SampleConditioner.OutputRate,
            () => runtime.Stats.Muted,
            log);
        log.LogInformation("Cues for {Labels} on {Output}", library.Labels.Count > 0 ? string.Join(", ", library.Labels) : "no label yet (the dashboard's cue designer can add them)", output.Name);
        alerts.Alerted += Offer;
        try
        {
            await Task.Run(() => Loop(player, stoppingToken), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            alerts.Alerted -= Offer;
            log.LogInformation("Cue player stopped: {Played} cues played, {Dropped} events got none because cues backed up", player.Played, Interlocked.Read(ref _dropped));
        }
    }

    private ICueOutput? Output(CueOptions o)
    {
        ICueOutput speaker = new AlsaCueOutput(o.Device, o.SampleRate);
        if (o.Output == "speaker")
        {
            return speaker;
        }

        if (buzzer.Player is not { } piezo)
        {
            log.LogWarning("cues:output {Output}: no buzzer, so cues play {Fallback}", o.Output, o.Output == "both" ? "on the speaker only" : "nowhere");
            return o.Output == "both" ? speaker : null;
        }

        ICueOutput onBuzzer = new BuzzerCueOutput(piezo);
        return o.Output == "both" ? new CombinedCueOutput([speaker, onBuzzer]) : onBuzzer;
    }

    private void Offer(DetectedEvent e)
    {
        if (!_queue.Writer.TryWrite(e))
        {
            var dropped = Interlocked.Increment(ref _dropped);
            log.LogWarning("Cue queue full ({Capacity} waiting): no cue for {Label}, {Dropped} so far", QueueCapacity, e.Label, dropped);
        }
    }

    private async Task Loop(CuePlayer player, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                player.Handle(e, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
