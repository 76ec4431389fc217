namespace EdgeSound.Learning.Data;

/// <summary>One audio file of a dataset with its class label and cross-validation fold (1-based).</summary>
public sealed record LabeledFile(string Path, string Label, int Fold);

/// <summary>A file a dataset reader could not use: its path and why.</summary>
public sealed record UnusableFile(string Path, string Reason);
