namespace EdgeSound.Learning.Data;

/// <summary>
/// A labelled sound dataset in one of the layouts the trainer reads (<see cref="DatasetLayouts.Open"/>): its
/// classes, its usable items and every file it could not use with the reason.
/// </summary>
public interface ILabeledDataset
{
    /// <summary>The folder or manifest file the dataset was read from.</summary>
    string Location { get; }

    /// <summary>Which layout was recognised, in words for the log (e.g. "folder per class").</summary>
    string Layout { get; }

    /// <summary>Class names; the index is the class number a model is trained with.</summary>
    IReadOnlyList<string> Labels { get; }

    IReadOnlyList<DatasetItem> Items { get; }

    /// <summary>Files, rows or spans that were left out, each named with its reason.</summary>
    IReadOnlyList<DatasetProblem> Problems { get; }

    /// <summary>Files, rows or spans used only in part, each named with what was left out; none by default.</summary>
    IReadOnlyList<DatasetProblem> Warnings => [];
}
