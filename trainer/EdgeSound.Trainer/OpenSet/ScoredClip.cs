namespace EdgeSound.Trainer.OpenSet;

/// <summary>
/// One clip's windows as the model scored them: in <see cref="EdgeSound.Dsp.Decision.ClipDecision.WindowStarts"/> order,
/// each with its start frame, RMS level (dBFS, the daemon's level gate measure) and softmax scores.
/// </summary>
/// <param name="Name">The clip's name in its dataset.</param>
/// <param name="Label">The clip's label (may be one the model does not know).</param>
/// <param name="Windows">The clip's scored windows.</param>
public sealed record ScoredClip(string Name, string Label, IReadOnlyList<ScoredWindow> Windows);

/// <summary>
/// One window of a clip: first frame, level in dBFS (RMS over its samples, full scale = 0 dBFS), one score per class and the
/// model's int8 input window (frames x bands, frame after frame) the scores came from.
/// </summary>
public sealed record ScoredWindow(int StartFrame, double LevelDbfs, float[] Scores, sbyte[] Window);
