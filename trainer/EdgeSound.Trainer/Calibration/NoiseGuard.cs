using System.Globalization;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Learning.Soundscapes;

namespace EdgeSound.Trainer.Calibration;

/// <summary>
/// Keeps a model quiet on steady noise. A model's scores on noise alone are its own: of four models of one recipe
/// (ESC-50, each held out on one fold), three raised <c>door_wood_knock</c> on brown or pink noise 75-131 times in
/// 50 minutes with the thresholds calibrated for the fourth, which stayed silent. So before thresholds go into a model, the model
/// itself listens to <see cref="Backgrounds"/> through the daemon's pipeline and default detector, and each label that
/// raises an event gets its onset threshold raised by <see cref="Step"/> until none does (at most <see cref="Ceiling"/>).
/// </summary>
internal static class NoiseGuard
{
    /// <summary>Threshold increment per round.</summary>
    public const double Step = 0.05;

    /// <summary>Highest threshold the guard sets; a label still raising events there is reported, not silenced.</summary>
    public const double Ceiling = 0.95;

    /// <summary>Seconds of each background.</summary>
    public const int Seconds = 120;

    /// <summary>White, pink and brown noise at -35, -45 and -55 dBFS RMS (seed 7), 16 kHz, <see cref="Seconds"/> each.</summary>
    public static IReadOnlyList<(string Name, float[] Samples)> Backgrounds()
    {
        var rng = new Random(7);
        return [.. from colour in new[] { "white", "pink", "brown" }
                   from dbfs in new[] { -35, -45, -55 }
                   select ($"{colour}@{dbfs}", NoiseGenerator.Generate(colour, Seconds * 16000, dbfs, rng))];
    }

    /// <summary>
    /// The thresholds the model behind <paramref name="scorer"/> needs so that the daemon's default detector raises no event on any
    /// background: <paramref name="thresholds"/> (every label; the daemon's default where one is missing) with each
    /// firing label raised in steps of <see cref="Step"/>.
    /// </summary>
    public static NoiseGuardResult Apply(IWindowScorer scorer, IReadOnlyList<string> labels, IReadOnlyDictionary<string, double> thresholds,
        IReadOnlyList<(string Name, float[] Samples)> backgrounds)
    {
        var defaults = new DetectionOptions();
        var rules = DetectionRules.From(defaults, labels);
        var traces = backgrounds.Select(b => WindowTrace.Record(scorer, rules, DaemonInput.FromWav16k(b.Samples))).ToList();

        var guarded = labels.ToDictionary(l => l, l => thresholds.TryGetValue(l, out var t) ? t : defaults.Threshold, StringComparer.Ordinal);
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        while (true)
        {
            var fired = traces.SelectMany(t => t.Replay(DetectionRules.From(defaults, labels, guarded)))
                .GroupBy(e => e.Label).Where(g => guarded[g.Key] < Ceiling - 1e-9).ToList();
            if (fired.Count == 0)
            {
                break;
            }

            foreach (var g in fired)
            {
                first.TryAdd(g.Key, g.Count());
                guarded[g.Key] = Math.Min(Ceiling, Math.Round(guarded[g.Key] + Step, 2));
            }
        }

        var stillFiring = traces.SelectMany(t => t.Replay(DetectionRules.From(defaults, labels, guarded))).Select(e => e.Label).Distinct().ToList();
        return new NoiseGuardResult(guarded,
            [.. first.Keys.Select(l => new RaisedThreshold(l, thresholds.TryGetValue(l, out var t) ? t : defaults.Threshold, guarded[l], first[l]))], stillFiring);
    }
}

/// <summary>A label the <see cref="NoiseGuard"/> raised: from and to which onset threshold, and how many events it raised on noise at first.</summary>
internal sealed record RaisedThreshold(string Label, double From, double To, int Events)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Label} {From:0.00} -> {To:0.00} ({Events} events on noise)");
}

/// <summary>What <see cref="NoiseGuard.Apply"/> found: every label's threshold, the raised ones, and labels that still fire at the ceiling.</summary>
internal sealed record NoiseGuardResult(Dictionary<string, double> Thresholds, IReadOnlyList<RaisedThreshold> Raised, IReadOnlyList<string> StillFiring);
