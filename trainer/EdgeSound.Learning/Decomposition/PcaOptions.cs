namespace EdgeSound.Learning.Decomposition;

/// <summary>Parameters of <see cref="Pca"/>.</summary>
public sealed record PcaOptions
{
    /// <summary>Components kept by <see cref="Pca.Transform"/>; null keeps min(rows, columns).</summary>
    public int? Components { get; init; }

    /// <summary>Throws naming the property when a value is out of range.</summary>
    public void Validate()
    {
        if (Components is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Components), Components, "PcaOptions.Components must be >= 1.");
        }
    }
}
