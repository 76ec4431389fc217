using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Learning.Soundscapes;

namespace EdgeSound.Trainer.Calibration;

/// <summary>A recorded soundscape with its ground truth and the labels its scoring leaves out.</summary>
public sealed record CalibrationInput(string Name, WindowTrace Trace, IReadOnlyList<SoundscapeEvent> Truth, IReadOnlySet<string> Ignore, double DurationSeconds);

/// <summary>The detector settings shared by all labels that a calibration compares.</summary>
public sealed record DetectorSettings(int SmoothingWindows, double MinDurationSeconds, double OffsetThreshold, bool TopLabelOnly);

/// <summary>What a calibration chose: the shared settings, an onset threshold per label, and the event F1 they reach.</summary>
public sealed record CalibrationResult(DetectorSettings Settings, IReadOnlyDictionary<string, double> Thresholds, double F1, IReadOnlyList<(DetectorSettings Settings, double F1)> Compared);

/// <summary>
/// Chooses per-label onset thresholds that maximise event F1 over a set of soundscapes, for each candidate of the
/// shared settings (smoothing, minimum duration, offset threshold), and keeps the best candidate.
/// <para>The detector and the event scorer treat labels independently (a label's events depend only on its own
/// scores and rule; a detection only matches a true event of its label), so one replay with every label at threshold
/// t gives each label's detections D(t) and matches M(t). Event F1 = 2 sum M / (sum D + truth) is a ratio; it is
/// maximised exactly over the threshold grid by Dinkelbach's method (W. Dinkelbach, "On nonlinear fractional
/// programming", Management Science 13(7), 1967): for lambda = the current F1, each label independently maximises
/// 2 M - lambda D, until F1 stops rising. Ties go to the higher threshold. Deterministic: no randomness, fixed orders.</para>
/// <para>A label has few events in a calibration set (about 8 in 2 h), so its own counts overfit: each label's choice
/// uses its counts plus <c>shrinkage</c> times the mean counts of all labels at the same threshold (an empirical-Bayes
/// style pooling; 0 = each label alone, large = one shared threshold).</para>
/// </summary>
public static class ThresholdCalibrator
{
    /// <param name="baseOptions">Every other detection setting (hop, cooldown, maximum duration, gate); its include/exclude
    /// lists and per-class overrides must be empty (a calibration serves the defaults).</param>
    /// <param name="thresholds">Candidate onset thresholds, each in (0, 1].</param>
    public static CalibrationResult Calibrate(IReadOnlyList<CalibrationInput> inputs, IReadOnlyList<string> labels, DetectionOptions baseOptions,
        IReadOnlyList<DetectorSettings> candidates, IReadOnlyList<double> thresholds, double shrinkage, double collar = 0.5)
    {
        if (inputs.Count == 0 || candidates.Count == 0 || thresholds.Count == 0)
        {
            throw new ArgumentException("calibration needs at least one soundscape, one candidate setting and one threshold");
        }

        if (baseOptions.Include.Count > 0 || baseOptions.Exclude.Count > 0 || baseOptions.Classes.Count > 0)
        {
            throw new ArgumentException("calibration serves the defaults: detection include, exclude and classes must be empty", nameof(baseOptions));
        }

        var truth = inputs.Sum(i => i.Truth.Count);
        var compared = new List<(DetectorSettings, double)>();
        CalibrationResult? best = null;
        foreach (var settings in candidates)
        {
            var detected = new int[labels.Count, thresholds.Count];
            var matched = new int[labels.Count, thresholds.Count];
            for (var k = 0; k < thresholds.Count; k++)
            {
                var rules = DetectionRules.From(Options(baseOptions, settings, thresholds[k]), labels);
                foreach (var input in inputs)
                {
                    foreach (var l in Score(input, rules, collar).PerLabel)
                    {
                        var c = IndexOf(labels, l.Label);
                        detected[c, k] += l.Detected;
                        matched[c, k] += l.Matched;
                    }
                }
            }

            var (choice, f1) = Dinkelbach(detected, matched, truth, shrinkage);
            compared.Add((settings, f1));
            if (best is null || f1 > best.F1)
            {
                var chosen = new Dictionary<string, double>(StringComparer.Ordinal);
                for (var c = 0; c < labels.Count; c++)
                {
                    chosen[labels[c]] = thresholds[choice[c]];
                }

                best = new CalibrationResult(settings, chosen, f1, compared);
            }
        }

        return best! with { Compared = compared };
    }

    /// <summary>The detection options of <paramref name="settings"/> over <paramref name="baseOptions"/>, with onset <paramref name="threshold"/>.</summary>
    public static DetectionOptions Options(DetectionOptions baseOptions, DetectorSettings settings, double threshold) => new()
    {
        HopSeconds = baseOptions.HopSeconds,
        SmoothingWindows = settings.SmoothingWindows,
        Threshold = threshold,
        OffsetThreshold = Math.Min(settings.OffsetThreshold, threshold),
        MinDurationSeconds = settings.MinDurationSeconds,
        MaxDurationSeconds = baseOptions.MaxDurationSeconds,
        CooldownSeconds = baseOptions.CooldownSeconds,
        ReportAt = baseOptions.ReportAt,
        GateDbfs = baseOptions.GateDbfs,
        TopLabelOnly = settings.TopLabelOnly,
    };

    /// <summary>Replays one soundscape with <paramref name="rules"/> and scores its events against the ground truth.</summary>
    public static EventScores Score(CalibrationInput input, DetectionRules rules, double collar = 0.5)
    {
        var detections = input.Trace.Replay(rules).Select(e => new EventDetection(e.Label, e.StartSeconds, e.EndSeconds, e.Score)).ToList();
        return EventScorer.Score(input.Truth, detections, input.DurationSeconds, collar, input.Ignore);
    }

    private static (int[] Choice, double F1) Dinkelbach(int[,] detected, int[,] matched, int truth, double shrinkage)
    {
        var classes = detected.GetLength(0);
        var grid = detected.GetLength(1);
        var meanDetected = new double[grid];
        var meanMatched = new double[grid];
        for (var k = 0; k < grid; k++)
        {
            for (var c = 0; c < classes; c++)
            {
                meanDetected[k] += detected[c, k] / (double)classes;
                meanMatched[k] += matched[c, k] / (double)classes;
            }
        }

        var choice = new int[classes];
        var lambda = 0.0;
        var f1 = 0.0;
        for (var iteration = 0; iteration < 100; iteration++)
        {
            var next = new int[classes];
            long m = 0, d = 0;
            for (var c = 0; c < classes; c++)
            {
                var bestValue = double.NegativeInfinity;
                for (var k = grid - 1; k >= 0; k--)
                {
                    var value = (2.0 * (matched[c, k] + (shrinkage * meanMatched[k]))) - (lambda * (detected[c, k] + (shrinkage * meanDetected[k])));
                    if (value > bestValue + 1e-12)
                    {
                        bestValue = value;
                        next[c] = k;
                    }
                }

                m += matched[c, next[c]];
                d += detected[c, next[c]];
            }

            var nextF1 = d + truth == 0 ? 0 : 2.0 * m / (d + truth);
            if (iteration > 0 && nextF1 <= f1 + 1e-12)
            {
                break;
            }

            choice = next;
            f1 = nextF1;
            lambda = nextF1;
        }

        return (choice, f1);
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (var i = 0; i < labels.Count; i++)
        {
            if (labels[i] == label)
            {
                return i;
            }
        }

        throw new ArgumentException($"detection label '{label}' is not one of the model's labels");
    }
}
