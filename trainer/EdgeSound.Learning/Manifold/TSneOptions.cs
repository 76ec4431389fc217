namespace EdgeSound.Learning.Manifold;

/// <summary>How <see cref="TSne"/> places the points before optimizing.</summary>
public enum TSneInit
{
    /// <summary>First two principal components, scaled to standard deviation 1e-4 (scikit-learn's default; seed-free).</summary>
    Pca,

    /// <summary>Gaussian noise with standard deviation 1e-4 drawn from <see cref="TSneOptions.Seed"/>.</summary>
    Random,
}

/// <summary>Parameters of <see cref="TSne"/> (defaults follow scikit-learn's TSNE).</summary>
public sealed record TSneOptions
{
    /// <summary>Target perplexity of each point's input-space neighbourhood distribution.</summary>
    public double Perplexity { get; init; } = 30;

    /// <summary>Total gradient-descent iterations.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Factor on the affinities during the first <see cref="ExaggerationIterations"/> iterations.</summary>
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Iterations run with early exaggeration and <see cref="InitialMomentum"/>.</summary>
    public int ExaggerationIterations { get; init; } = 250;

    /// <summary>Step size; null: max(n / EarlyExaggeration / 4, 50) (Belkina et al. 2019, scikit-learn's "auto").</summary>
    public double? LearningRate { get; init; }

    /// <summary>Momentum during early exaggeration.</summary>
    public double InitialMomentum { get; init; } = 0.5;

    /// <summary>Momentum afterwards.</summary>
    public double FinalMomentum { get; init; } = 0.8;

    /// <summary>Reduce the input to this many principal components first (when it has more columns); null: use the input as is.</summary>
    public int? PcaDimensions { get; init; } = 50;

    /// <summary>Initial layout.</summary>
    public TSneInit Init { get; init; } = TSneInit.Pca;

    /// <summary>Random seed (used by <see cref="TSneInit.Random"/>).</summary>
    public int Seed { get; init; }

    /// <summary>Throws naming the property when a value is out of range.</summary>
    public void Validate()
    {
        if (!(Perplexity >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Perplexity), Perplexity, "TSneOptions.Perplexity must be >= 1.");
        }

        if (Iterations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "TSneOptions.Iterations must be >= 1.");
        }

        if (!(EarlyExaggeration >= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(EarlyExaggeration), EarlyExaggeration, "TSneOptions.EarlyExaggeration must be >= 1.");
        }

        if (ExaggerationIterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ExaggerationIterations), ExaggerationIterations, "TSneOptions.ExaggerationIterations must be >= 0.");
        }

        if (LearningRate is { } rate && !(rate > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "TSneOptions.LearningRate must be > 0.");
        }

        if (!(InitialMomentum >= 0 && InitialMomentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(InitialMomentum), InitialMomentum, "TSneOptions.InitialMomentum must be in [0, 1).");
        }

        if (!(FinalMomentum >= 0 && FinalMomentum < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(FinalMomentum), FinalMomentum, "TSneOptions.FinalMomentum must be in [0, 1).");
        }

        if (PcaDimensions is < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(PcaDimensions), PcaDimensions, "TSneOptions.PcaDimensions must be >= 2.");
        }
    }
}
