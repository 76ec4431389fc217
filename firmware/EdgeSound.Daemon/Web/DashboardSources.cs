using EdgeSound.Daemon.Clips;
using EdgeSound.Daemon.Cues;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Monitoring;

namespace EdgeSound.Daemon.Web;

/// <summary>
/// What the dashboard reads: recent events, the level history, the live stream, the metrics, the model's labels and
/// rules; the cue designer (null: its routes are not served) and the kept clips (null: <c>clips:enabled</c> is false).
/// </summary>
public sealed record DashboardSources(
    RecentEvents Events, ILevelHistory History, LiveStream Live, DaemonMetrics Metrics, DetectionRules Rules, string ModelName,
    CueDesigner? Cues = null, ClipKeeping? Clips = null);
