namespace EdgeSound.Learning.Neural;

/// <summary>How the last block's map (frames x bands x channels) becomes one value per channel before the dense layer.</summary>
public enum GlobalPooling
{
    /// <summary>The mean over every cell of the map (<see cref="GlobalAveragePool"/>).</summary>
    Average,

    /// <summary>The mean over bands, then the mean plus the maximum over frames (<see cref="MeanMaxPool"/>).</summary>
    AverageMaxOverFrames,
}

/// <summary>The names <c>train --pooling</c> and the model metadata use for <see cref="GlobalPooling"/>, and its layers.</summary>
public static class GlobalPoolings
{
    /// <summary>Every name, in the order of the enum.</summary>
    public static IReadOnlyList<string> Names { get; } = ["average", "average-max"];

    /// <summary>The name of <paramref name="pooling"/>.</summary>
    public static string Name(this GlobalPooling pooling) => Names[(int)pooling];

    /// <summary>The pooling called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">no pooling has that name; the message lists the names.</exception>
    public static GlobalPooling Parse(string name)
    {
        int index = Names.ToList().IndexOf(name);
        return index >= 0
            ? (GlobalPooling)index
            : throw new ArgumentException($"pooling '{name}' is not one of {string.Join(", ", Names)}.");
    }

    /// <summary>The layer that pools an <paramref name="input"/> map to (1, 1, channels).</summary>
    public static Layer Create(this GlobalPooling pooling, FeatureShape input) => pooling switch
    {
        GlobalPooling.AverageMaxOverFrames => new MeanMaxPool(input),
        _ => new GlobalAveragePool(input),
    };
}
