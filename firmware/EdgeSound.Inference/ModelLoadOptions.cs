namespace EdgeSound.Inference;

/// <summary>How <see cref="SoundClassifier.Load(string, ModelLoadOptions)"/> opens a model.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>ONNX Runtime intra-op threads for the session (1: the calling thread only; 0: ORT's default, one per
    /// core). Inter-op parallelism is off.</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Load a model whose recorded SHA-256 (<see cref="ModelDigest"/>) is missing or does not match its
    /// bytes, for hand-made models. The mismatch stays visible in <see cref="SoundClassifier.Digest"/>; callers log
    /// it. Off by default: such a model is refused.</summary>
    public bool AllowUnverified { get; init; }

    /// <summary>How the caller's user turns <see cref="AllowUnverified"/> on (a configuration key, a flag), named in
    /// the refusal of a model that records no SHA-256 or one that does not match its bytes; by default the remedy every caller has, sealing the model.</summary>
    public string OverrideName { get; init; } = "none here; record its SHA-256 with the trainer's seal --model FILE";
}
