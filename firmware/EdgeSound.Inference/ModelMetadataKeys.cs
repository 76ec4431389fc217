namespace EdgeSound.Inference;

/// <summary>The <c>metadata_props</c> keys of the EdgeSound model file contract (besides the <c>frontend.*</c>
/// keys of <c>FrontendConfig.ToMetadata</c>).</summary>
public static class ModelMetadataKeys
{
    /// <summary>JSON array of class names, index = class.</summary>
    public const string Labels = "edgesound.labels";

    public const string WindowFrames = "edgesound.window_frames";

    public const string HopFrames = "edgesound.hop_frames";

    public const string MaxSilentFraction = "edgesound.max_silent_fraction";

    /// <summary>JSON: folds, epochs, command, seconds.</summary>
    public const string Training = "edgesound.training";

    /// <summary>JSON: float and int8 accuracy and other figures.</summary>
    public const string Metrics = "edgesound.metrics";

    /// <summary>Name of the model's int8 input [N, 1, window_frames, bands].</summary>
    public const string InputName = "frames";

    /// <summary>Name of the model's float output [N, classes] (softmax probabilities).</summary>
    public const string OutputName = "scores";
}
