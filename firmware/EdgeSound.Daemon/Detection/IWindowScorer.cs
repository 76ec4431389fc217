using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;

namespace EdgeSound.Daemon.Detection;

/// <summary>What the pipeline needs of a classifier: its frontend, window shape and labels, and one call per window.</summary>
public interface IWindowScorer
{
    IReadOnlyList<string> Labels { get; }
    FrontendConfig Frontend { get; }
    int WindowFrames { get; }
    int Bands { get; }

    /// <summary>The onset threshold per label the model was calibrated with (empty: none; the configured default applies).</summary>
    IReadOnlyDictionary<string, double> ClassThresholds { get; }

    /// <summary>The model's open-set rule for <c>unknown</c> events; null: the model has none (no unknown events).</summary>
    OpenSetRule? OpenSet { get; }

    /// <summary>Scores one int8 window [WindowFrames, Bands] row-major into one probability per label.</summary>
    void Score(ReadOnlySpan<sbyte> window, Span<float> scores);
}
