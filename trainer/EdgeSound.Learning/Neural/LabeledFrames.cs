using EdgeSound.Dsp.Frontend;

namespace EdgeSound.Learning.Neural;

/// <summary>One labelled clip as the fixed-point frontend sees it: its int8 log-mel frames, class and fold.</summary>
public sealed record LabeledFrames(string Name, int Fold, int Label, FrameMatrix Frames);
