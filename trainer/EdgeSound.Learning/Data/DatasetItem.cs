namespace EdgeSound.Learning.Data;

/// <summary>
/// One labelled example of a dataset: an audio file, or a span of one (<see cref="Segment"/>), with its class, fold
/// and source recording. Clips of one <see cref="Source"/> always share a fold, so no recording is split across
/// training and test.
/// </summary>
/// <param name="Name">Name used in reports and the features CSV: the file's path relative to the dataset, plus
/// <c>@start-end</c> seconds for a span.</param>
/// <param name="AudioPath">Full path of the WAV file (any sample rate, any length).</param>
/// <param name="Label">Class name.</param>
/// <param name="Fold">Fold number, 1 or more.</param>
/// <param name="Source">Identity of the source recording (see <see cref="SourceFolds"/>).</param>
/// <param name="Segment">The span of the file to use; null: the whole file.</param>
public sealed record DatasetItem(string Name, string AudioPath, string Label, int Fold, string Source, AudioSegment? Segment = null);

/// <summary>A span of a recording in seconds from its start, <c>0 &lt;= Start &lt; End</c>.</summary>
public sealed record AudioSegment(double Start, double End)
{
    public double Duration => End - Start;
}

/// <summary>A file (or span of one) that cannot be used, and why: one line for the user.</summary>
public sealed record DatasetProblem(string File, string Reason)
{
    public override string ToString() => $"{File}: {Reason}";
}
