namespace EdgeSound.Trainer.Analysis;

/// <summary>
/// One row of analysis features per clip, with what the analysis needs about each clip. Classes are the dataset
/// targets that occur, renumbered 0..Classes-1 in target order (<see cref="ClassOf"/>), so metrics and charts see
/// only the classes present.
/// </summary>
public sealed class ClipFeatures
{
    public ClipFeatures(
        IReadOnlyList<string> fileNames, IReadOnlyList<int> folds, IReadOnlyList<int> targets, IReadOnlyList<bool> esc10,
        IReadOnlyList<string> targetNames, IReadOnlyList<string> featureNames, double[][] rows)
    {
        int n = rows.Length;
        if (fileNames.Count != n || folds.Count != n || targets.Count != n || esc10.Count != n)
            throw new ArgumentException($"Clip features: {n} rows but {fileNames.Count} names, {folds.Count} folds, {targets.Count} targets, {esc10.Count} ESC-10 flags.");
        for (int i = 0; i < n; i++)
        {
            if (rows[i].Length != featureNames.Count)
                throw new ArgumentException($"Clip features: row of {fileNames[i]} has {rows[i].Length} values, expected {featureNames.Count}.");
            if (targets[i] < 0 || targets[i] >= targetNames.Count)
                throw new ArgumentException($"Clip features: {fileNames[i]} has target {targets[i]}, outside the {targetNames.Count} labels.");
        }
        FileNames = fileNames;
        Folds = folds;
        Targets = targets;
        Esc10 = esc10;
        FeatureNames = featureNames;
        Rows = rows;

        var present = new SortedSet<int>(targets);
        var classTargets = present.ToArray();
        var index = new Dictionary<int, int>();
        for (int c = 0; c < classTargets.Length; c++) index[classTargets[c]] = c;
        ClassOf = new int[n];
        for (int i = 0; i < n; i++) ClassOf[i] = index[targets[i]];
        ClassNames = classTargets.Select(t => targetNames[t]).ToArray();
        ClassTargets = classTargets;
        FoldsPresent = new SortedSet<int>(folds).ToArray();
    }

    public IReadOnlyList<string> FileNames { get; }

    public IReadOnlyList<int> Folds { get; }

    public IReadOnlyList<int> Targets { get; }

    public IReadOnlyList<bool> Esc10 { get; }

    public IReadOnlyList<string> FeatureNames { get; }

    public double[][] Rows { get; }

    /// <summary>Class index (0..Classes-1) of each row.</summary>
    public int[] ClassOf { get; }

    /// <summary>Name of each class index.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Dataset target of each class index.</summary>
    public IReadOnlyList<int> ClassTargets { get; }

    public IReadOnlyList<int> FoldsPresent { get; }

    public int Count => Rows.Length;

    public int Classes => ClassNames.Count;
}
