namespace EdgeSound.Learning.Data;

/// <summary>One row of ESC-50's meta/esc50.csv.</summary>
public sealed record Esc50Clip(string FileName, int Fold, int Target, string Category, bool Esc10);

/// <summary>A clip that could not be loaded: the audio file's path and the reason (the exception message).</summary>
public sealed record Esc50LoadFailure(string File, string Message);

/// <summary>A loaded clip, mono at 16 kHz.</summary>
public sealed record Esc50LoadedClip(Esc50Clip Clip, float[] Samples);

/// <summary>The clips that loaded (in input order) and the ones that failed.</summary>
public sealed record Esc50LoadResult(IReadOnlyList<Esc50LoadedClip> Loaded, IReadOnlyList<Esc50LoadFailure> Failures);
