namespace EdgeSound.Inference;

/// <summary>
/// The EdgeSound model file contract: the names of the graph's input and output, and the <c>metadata_props</c>
/// keys the trainer writes and the loader reads (besides the <c>frontend.*</c> keys of
/// <c>FrontendConfig.ToMetadata</c>). The one place these strings are spelled.
/// </summary>
public static class ModelMetadataKeys
{
    /// <summary>JSON array of class names, index = class; each one passes <see cref="ModelLabels.Check"/>.</summary>
    public const string Labels = "edgesound.labels";

    /// <summary>Frames per classifier window (positive integer).</summary>
    public const string WindowFrames = "edgesound.window_frames";

    /// <summary>Frames between window starts (positive integer).</summary>
    public const string HopFrames = "edgesound.hop_frames";

    /// <summary>A window with more than this fraction of silent frames is skipped by the clip decision, in [0, 1].</summary>
    public const string MaxSilentFraction = "edgesound.max_silent_fraction";

    /// <summary>
    /// Optional: exponent of the clip decision's energy weighting of window scores, in [0, 4]
    /// (<c>WindowPlan.LevelWeightExponent</c>); a model without it averages its windows plainly (exponent 0), as models
    /// made before the key did.
    /// </summary>
    public const string LevelWeightExponent = "edgesound.level_weight_exponent";

    /// <summary>JSON: folds, epochs, command, seconds.</summary>
    public const string Training = "edgesound.training";

    /// <summary>Only in a model made by transfer learning, JSON: <c>{"file", "sha256", "fine_tune"}</c> of the base
    /// model it started from (<c>fine_tune</c> is <c>head</c> or <c>all</c>).</summary>
    public const string Base = "edgesound.base";

    /// <summary>JSON: float and int8 accuracy and other figures.</summary>
    public const string Metrics = "edgesound.metrics";

    /// <summary>
    /// Optional JSON object <c>{"label": threshold, ...}</c>: the detector's onset threshold per label (smoothed score,
    /// in (0, 1]) calibrated on soundscapes, so a model brings its own detection defaults; labels must be the model's.
    /// </summary>
    public const string ClassThresholds = "edgesound.class_thresholds";

    /// <summary>Optional JSON: how <see cref="ClassThresholds"/> were calibrated (soundscapes, detector settings, scores).</summary>
    public const string Calibration = "edgesound.calibration";

    /// <summary>
    /// Optional JSON: the open-set rule (<see cref="OpenSetRule"/>: method, per-label threshold and centroid, how it was
    /// calibrated) that lets the daemon report <c>unknown</c> for loud sounds matching none of the labels; a model
    /// without it raises no unknown events.
    /// </summary>
    public const string OpenSet = "edgesound.open_set";

    /// <summary>Lower-case hex SHA-256 of the model file without this entry (see <see cref="ModelDigest"/>).</summary>
    public const string ContentSha256 = "edgesound.content_sha256";

    /// <summary>Name of the model's int8 input [N, 1, window_frames, bands].</summary>
    public const string InputName = "frames";

    /// <summary>Name of the model's float output [N, classes] (softmax probabilities).</summary>
    public const string OutputName = "scores";
}
