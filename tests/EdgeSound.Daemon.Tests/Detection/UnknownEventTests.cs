using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;
using Xunit;

namespace EdgeSound.Daemon.Tests.Detection;

/// <summary>
/// <c>unknown</c> events through the whole pipeline (frontend, windows, level gate, detector) with a stand-in model whose
/// open-set rule calls a mid-frequency tone unknown: a loud run of such windows raises one event, silence, a quiet tone and
/// the model's own classes do not, and the configuration can turn it off.
/// </summary>
public sealed class UnknownEventTests
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static List<DetectedEvent> Run(short[] pcm, IWindowScorer scorer, Action<DetectionOptions>? change = null)
    {
        var o = new DetectionOptions { CooldownSeconds = 0, Unknown = { Enabled = true } };
        change?.Invoke(o);
        var rules = DetectionRules.From(o, scorer.Labels, scorer.ClassThresholds, scorer.OpenSet);
        var p = new DetectionPipeline(scorer, rules, EventClock.Recording(Origin), TimeZoneInfo.Utc);
        var events = new List<DetectedEvent>();
        p.Process(pcm, events);
        p.Finish(events);
        return events;
    }

    /// <summary>Two seconds of silence, <paramref name="seconds"/> of a sine at <paramref name="hz"/>, two seconds of silence.</summary>
    private static short[] Tone(double hz, double seconds, double amplitude = 0.3)
    {
        var pcm = new short[(int)((4 + seconds) * 16000)];
        for (var i = 0; i < (int)(seconds * 16000); i++)
        {
            pcm[32000 + i] = (short)Math.Round(amplitude * 32767 * Math.Sin(2 * Math.PI * hz * i / 16000.0));
        }

        return pcm;
    }

    [Fact]
    public void A_loud_run_of_out_of_set_windows_raises_one_unknown_event_over_it()
    {
        var events = Run(Tone(1500, 3), new BandScorer());

        var e = Assert.Single(events);
        Assert.Equal(UnknownRule.Label, e.Label);
        Assert.InRange(e.StartSeconds, 1.0, 2.1);
        Assert.InRange(e.EndSeconds, 4.9, 6.1);
        Assert.Equal(0.5, e.Score, 3);
        Assert.InRange(e.LevelDbfs, -16, -12);
        Assert.Equal(Origin.AddSeconds(e.StartSeconds), e.Time);
    }

    [Fact]
    public void Known_classes_silence_and_quiet_sounds_raise_no_unknown_event()
    {
        var low = Run(Tone(300, 3), new BandScorer());
        Assert.Equal(["low"], low.Select(e => e.Label));
        Assert.Equal(["high"], Run(Tone(6000, 3), new BandScorer()).Select(e => e.Label));
        Assert.Empty(Run(new short[6 * 16000], new BandScorer()));

        // -55 dBFS: above the classifier's gate (-60 dBFS), below detection:unknown:min_level_dbfs (-50 dBFS).
        Assert.Empty(Run(Tone(1500, 3, amplitude: Math.Sqrt(2) * Math.Pow(10, -55 / 20.0)), new BandScorer()));
    }

    [Fact]
    public void A_run_shorter_than_min_windows_raises_nothing()
    {
        Assert.Single(Run(Tone(1500, 3), new BandScorer(), o => o.Unknown.MinWindows = 4));
        Assert.Empty(Run(Tone(1500, 3), new BandScorer(), o => o.Unknown.MinWindows = 12));
    }

    [Fact]
    public void Disabled_excluded_or_without_a_rule_in_the_model_there_are_no_unknown_events()
    {
        var pcm = Tone(1500, 3);
        Assert.Empty(Run(pcm, new BandScorer(), o => o.Unknown.Enabled = false));
        Assert.Empty(Run(pcm, new BandScorer(), o => o.Exclude = [UnknownRule.Label]));
        Assert.Empty(Run(pcm, new BandScorer(), o => o.Include = ["low"]));
        Assert.Single(Run(pcm, new BandScorer(), o => o.Include = ["low", UnknownRule.Label]));
        Assert.Empty(Run(pcm, new BandScorer(withRule: false)));
    }

    [Fact]
    public void Unknown_keys_are_checked_and_the_label_is_accepted_where_labels_are_listed()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.Bind(
            [ConfigLoader.ReadYaml(new StringReader("detection:\n  unknown:\n    min_windows: 0\n    min_level_dbfs: 3\n    enabled: maybe\n"), "t.yaml")]));
        Assert.Equal(3, e.Errors.Count);
        Assert.Contains(e.Errors, m => m.Contains("detection:unknown:min_windows", StringComparison.Ordinal) && m.Contains("'0'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.Contains("detection:unknown:min_level_dbfs", StringComparison.Ordinal) && m.Contains("'3'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, m => m.Contains("detection:unknown:enabled", StringComparison.Ordinal) && m.Contains("'maybe'", StringComparison.Ordinal));

        var options = new DaemonOptions();
        options.Mqtt.EventTypes = [UnknownRule.Label, "low"];
        options.Detection.Exclude = [UnknownRule.Label];
        Assert.Empty(DaemonOptionsValidator.CheckLabels(options, ["low", "high"]));
        options.Detection.Classes[UnknownRule.Label] = new ClassOptions { Threshold = 0.5 };
        Assert.Equal(["detection:classes:unknown: the model has no label 'unknown'"], DaemonOptionsValidator.CheckLabels(options, ["low", "high"]));
    }

    [Fact]
    public void A_kmeans_rule_reads_the_window_a_tone_like_its_training_windows_is_known_and_another_is_unknown()
    {
        var recorder = new WindowRecorder(new BandScorer(withRule: false));
        Run(Tone(300, 3), recorder);
        var bands = recorder.Bands;
        float[][] centres = [.. recorder.Windows.Select(w =>
        {
            var features = new float[2 * bands];
            KMeansAnomaly.Features(w, bands, features);
            return features;
        })];
        var kmeans = new KMeansAnomaly(bands, new float[2 * bands], [.. Enumerable.Repeat(1f, 2 * bands)], centres, [.. Enumerable.Repeat(1f, centres.Length)]);
        var scorer = new BandScorer(openSet: new OpenSetRule(OpenSetMethod.KMeans, ["low", "high"], [1.0, 1.0], null, 0.99, kmeans));

        Assert.NotEmpty(centres);
        Assert.Equal(["low"], Run(Tone(300, 3), scorer).Select(e => e.Label));
        var unknown = Assert.Single(Run(Tone(1500, 3), scorer));
        Assert.Equal(UnknownRule.Label, unknown.Label);
        Assert.InRange(unknown.StartSeconds, 1.0, 2.1);
    }

    /// <summary>Passes windows to another scorer and keeps a copy of each scored window.</summary>
    private sealed class WindowRecorder(IWindowScorer inner) : IWindowScorer
    {
        public List<sbyte[]> Windows { get; } = [];
        public IReadOnlyList<string> Labels => inner.Labels;
        public FrontendConfig Frontend => inner.Frontend;
        public int WindowFrames => inner.WindowFrames;
        public int Bands => inner.Bands;
        public IReadOnlyDictionary<string, double> ClassThresholds => inner.ClassThresholds;
        public OpenSetRule? OpenSet => inner.OpenSet;

        public void Score(ReadOnlySpan<sbyte> window, Span<float> scores)
        {
            Windows.Add(window.ToArray());
            inner.Score(window, scores);
        }
    }

    /// <summary>
    /// A stand-in model with labels "low" and "high": over the window's loud frames (loudest band above zero), the mean
    /// position of the loudest band (0 = lowest, 1 = highest) gives [0.95, 0.05] in the lowest third, [0.05, 0.95] in
    /// the highest, [0.5, 0.5] between. Its open-set rule (centroids at the two confident score vectors, threshold 0.5)
    /// calls the even windows unknown (distance 2.08).
    /// </summary>
    private sealed class BandScorer(bool withRule = true, OpenSetRule? openSet = null) : IWindowScorer
    {
        private static readonly float[] Low = [0.95f, 0.05f];
        private static readonly float[] High = [0.05f, 0.95f];

        public IReadOnlyList<string> Labels { get; } = ["low", "high"];
        public FrontendConfig Frontend { get; } = FrontendConfig.Default;
        public int WindowFrames => 62;
        public int Bands => Frontend.MelBands;
        public IReadOnlyDictionary<string, double> ClassThresholds { get; } = new Dictionary<string, double>();

        public OpenSetRule? OpenSet { get; } = openSet ?? (withRule ? Rule() : null);

        public void Score(ReadOnlySpan<sbyte> window, Span<float> scores)
        {
            double sum = 0;
            var frames = 0;
            for (var f = 0; f < WindowFrames; f++)
            {
                var frame = window.Slice(f * Bands, Bands);
                var loudest = 0;
                for (var b = 1; b < Bands; b++)
                {
                    loudest = frame[b] > frame[loudest] ? b : loudest;
                }

                if (frame[loudest] > 0)
                {
                    sum += loudest / (double)(Bands - 1);
                    frames++;
                }
            }

            var position = frames == 0 ? 0.5 : sum / frames;
            (position < 1 / 3.0 ? Low : position > 2 / 3.0 ? High : [0.5f, 0.5f]).CopyTo(scores);
        }

        private static OpenSetRule Rule()
        {
            float[] low = new float[2], high = new float[2];
            OpenSetRule.Embed(Low, low);
            OpenSetRule.Embed(High, high);
            return new OpenSetRule(OpenSetMethod.CentroidDistance, ["low", "high"], [0.5, 0.5], [low, high], 0.99);
        }
    }
}
