namespace EdgeSound.Learning.Data;

/// <summary>Fold selection over a dataset's items.</summary>
public static class DatasetSelection
{
    /// <summary>The folds the dataset's items carry, ascending.</summary>
    public static IReadOnlyList<int> Folds(ILabeledDataset dataset) =>
        [.. dataset.Items.Select(i => i.Fold).Distinct().Order()];

    /// <summary>
    /// The items of <paramref name="folds"/> (null: all), in dataset order. A requested fold that holds no item throws
    /// <see cref="ArgumentException"/> naming it, the folds present and, first, <paramref name="origin"/>: where the
    /// folds came from (the option, or for example the model's metadata).
    /// </summary>
    public static IReadOnlyList<DatasetItem> InFolds(ILabeledDataset dataset, IReadOnlySet<int>? folds, string origin = "--folds")
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (folds is null)
        {
            return dataset.Items;
        }

        IReadOnlyList<int> present = Folds(dataset);
        int[] absent = [.. folds.Where(f => !present.Contains(f)).Order()];
        if (absent.Length > 0)
        {
            throw new ArgumentException(
                $"{origin}: fold {string.Join(",", absent)} has no clips in {dataset.Location} (folds present: {string.Join(",", present)})");
        }

        return [.. dataset.Items.Where(i => folds.Contains(i.Fold))];
    }
}
