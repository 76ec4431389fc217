using System.Threading.Channels;
using EdgeSound.Daemon.Audio;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Mqtt;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// The pipeline's wiring, built once before the host starts: the source, the scorers, the resolved detection rules,
/// the two bounded channels that join capture, detection and alerts, the alert transport (null without a broker) and
/// the counters the status reports read. How the run ends is <see cref="RunOutcome"/>'s, who acts on an alert
/// <see cref="AlertFeed"/>'s.
/// <para>Channels: audio (capture -> pipeline) holds <c>audio:queue_s</c> seconds, full mode Wait (files and pipes
/// wait, live capture drops and counts); events (pipeline -> alerts) holds 256 events, full mode Wait (an event
/// is never dropped between stages; the alert stage only appends to a file and the outbox).</para>
/// </summary>
public sealed class DaemonRuntime(IAudioSource source, IReadOnlyList<IWindowScorer> scorers, DetectionRules rules, double queueSeconds, Outbox? outbox, MqttLink? link)
{
    public IAudioSource Source { get; } = source;

    /// <summary>One scorer, or several sessions of the same model scoring batches in parallel (files at max speed).</summary>
    public IReadOnlyList<IWindowScorer> Scorers { get; } = scorers;
    public DetectionRules Rules { get; } = rules;
    public Outbox? Outbox { get; } = outbox;
    public MqttLink? Link { get; } = link;
    public Channel<AudioChunk> Audio { get; } = AudioChannel.Create(queueSeconds);

    public Channel<DetectedEvent> Events { get; } = Channel.CreateBounded<DetectedEvent>(new BoundedChannelOptions(256)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
        SingleWriter = true,
    });

    public SourceCounters Counters { get; } = new();
    public DaemonStats Stats { get; } = new();
}
