using EdgeSound.Daemon.Levels;
using Prometheus;

namespace EdgeSound.Daemon.Monitoring;

/// <summary>
/// The daemon's Prometheus metrics (prometheus-net), in a registry of their own (<see cref="Registry"/>, served by
/// <see cref="MetricsEndpoint"/>). Names start <c>edgesound_</c>:
/// <list type="bullet">
/// <item><c>edgesound_level_dbfs{statistic}</c> (gauge): the last complete minute's LAeq, LAFmax, L10, L50, L90 (A-weighted, dBFS);
/// <c>edgesound_level_db_spl{statistic}</c> the same in dB SPL when <c>levels:calibration_db</c> is set.</item>
/// <item><c>edgesound_occupancy_ratio{label}</c> (gauge): share of the last complete minute each label was active.</item>
/// <item><c>edgesound_events_total{label}</c> (counter): events detected.</item>
/// <item><c>edgesound_outbox_depth</c> (gauge): alerts waiting for the broker.</item>
/// <item><c>edgesound_audio_overruns_total</c>, <c>edgesound_audio_dropped_chunks_total</c> (counters): capture overruns,
/// chunks dropped because the pipeline fell behind.</item>
/// <item><c>edgesound_inference_seconds</c> (histogram): time to score one window.</item>
/// <item><c>edgesound_history_faults_total</c> (counter): history database faults (each logged);
/// <c>edgesound_history_dropped_total</c> (counter): history entries dropped (writer queue full, or too many waiting for the database).</item>
/// <item><c>edgesound_live_dropped_total</c> (counter): dashboard live-stream (Server-Sent Events) messages dropped because a
/// browser read too slowly.</item>
/// </list>
/// Counters kept elsewhere (capture, outbox, history) are read when scraped.
/// </summary>
public sealed class DaemonMetrics
{
    private static readonly string[] Statistics = ["laeq", "lafmax", "l10", "l50", "l90"];

    private readonly Gauge _dbfs;
    private readonly Gauge _spl;
    private readonly Gauge _occupancy;
    private readonly Counter _events;
    private readonly Histogram _inference;

    public DaemonMetrics(IReadOnlyList<string> labels)
    {
        Registry = Metrics.NewCustomRegistry();
        var f = Metrics.WithCustomRegistry(Registry);
        _dbfs = f.CreateGauge("edgesound_level_dbfs", "A-weighted sound level of the last complete minute, dBFS", "statistic");
        _spl = f.CreateGauge("edgesound_level_db_spl", "A-weighted sound level of the last complete minute, dB SPL (levels:calibration_db set)", "statistic");
        _occupancy = f.CreateGauge("edgesound_occupancy_ratio", "Share of the last complete minute during which the label was active", "label");
        _events = f.CreateCounter("edgesound_events_total", "Sound events detected", "label");
        _inference = f.CreateHistogram("edgesound_inference_seconds", "Time to score one analysis window, seconds",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0005, 2, 14) });
        foreach (var l in labels)
        {
            _events.WithLabels(l);
        }

        OutboxDepth = f.CreateGauge("edgesound_outbox_depth", "Alerts waiting in the outbox for the broker");
        Overruns = f.CreateCounter("edgesound_audio_overruns_total", "Capture overruns (samples lost in the sound card)");
        DroppedChunks = f.CreateCounter("edgesound_audio_dropped_chunks_total", "Audio chunks dropped because the pipeline fell behind");
        HistoryFaults = f.CreateCounter("edgesound_history_faults_total", "History database faults (logged; listening went on)");
        HistoryDropped = f.CreateCounter("edgesound_history_dropped_total", "History entries dropped: writer queue full, or too many waiting for the database");
        LiveDropped = f.CreateCounter("edgesound_live_dropped_total", "Dashboard live-stream messages dropped because a client read too slowly");
    }

    public CollectorRegistry Registry { get; }

    public Gauge OutboxDepth { get; }
    public Counter Overruns { get; }
    public Counter DroppedChunks { get; }
    public Counter HistoryFaults { get; }
    public Counter HistoryDropped { get; }
    public Counter LiveDropped { get; }

    /// <summary>Runs <paramref name="update"/> before each scrape (to copy counters kept elsewhere).</summary>
    public void BeforeScrape(Action update) => Registry.AddBeforeCollectCallback(update);

    public void ObserveMinute(MinuteLevels m)
    {
        Set(_dbfs, m);
        if (m.InSpl() is { } spl)
        {
            Set(_spl, spl);
        }
    }

    public void ObserveOccupancy(MinuteOccupancy o, IReadOnlyList<string> labels)
    {
        foreach (var l in labels)
        {
            _occupancy.WithLabels(l).Set(o.Share(l));
        }
    }

    public void CountEvent(string label) => _events.WithLabels(label).Inc();

    public void ObserveInference(double seconds) => _inference.Observe(seconds);

    /// <summary>The exposition text, as a scrape sees it (tests and tools).</summary>
    public async Task<string> ScrapeAsync(CancellationToken cancel = default)
    {
        using var s = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(s, cancel).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(s.ToArray());
    }

    private static void Set(Gauge g, MinuteLevels m)
    {
        double[] values = [m.LAeq, m.LAFmax, m.L10, m.L50, m.L90];
        for (var i = 0; i < Statistics.Length; i++)
        {
            g.WithLabels(Statistics[i]).Set(Math.Round(values[i], 2));
        }
    }
}
