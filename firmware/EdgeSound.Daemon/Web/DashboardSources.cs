using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Monitoring;

namespace EdgeSound.Daemon.Web;

/// <summary>What the dashboard reads: recent events, the level history, the live stream, the metrics, and the model's labels and rules.</summary>
public sealed record DashboardSources(
    RecentEvents Events, ILevelHistory History, LiveStream Live, DaemonMetrics Metrics, DetectionRules Rules, string ModelName);
