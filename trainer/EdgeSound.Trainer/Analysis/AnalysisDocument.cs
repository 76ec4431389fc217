using System.Text.Json.Serialization;
using System.Text.Json;
using EdgeSound.Dsp.Files;

namespace EdgeSound.Trainer.Analysis;

/// <summary>
/// The content of analysis.json. Property names are written in snake_case, nested as objects
/// (<c>pca.explained_2d</c> is <c>{"pca": {"explained_2d": ...}}</c>). Non-finite numbers are written as null.
/// </summary>
public sealed record AnalysisDocument
{
    public required int Clips { get; init; }

    public required int Classes { get; init; }

    public required IReadOnlyList<int> Folds { get; init; }

    public required int Features { get; init; }

    public required double FeatureSeconds { get; init; }

    /// <summary>The high-/low-pass applied to every clip before its features (cut-offs 0: none).</summary>
    public PreFilterSummary PreFilter { get; init; } = PreFilterSummary.None;

    public required PcaSummary Pca { get; init; }

    public required double TsneSeconds { get; init; }

    public required double TsnePerplexity { get; init; }

    public required ClusteringSummary Clustering { get; init; }

    public required ClassifierSummary Logreg { get; init; }

    public required ClassifierSummary Forest { get; init; }

    public required ClassifierSummary Svm { get; init; }

    /// <summary>Files that could not be used, with the reason; analyze exits non-zero when this is not empty.</summary>
    public required IReadOnlyList<SkippedFile> Skipped { get; init; }

    /// <summary>Wall time per stage in seconds, in run order.</summary>
    public required IReadOnlyDictionary<string, double> StageSeconds { get; init; }

    /// <summary>Process CPU time (all threads) per stage in seconds: the cost of a stage on a machine shared with other work.</summary>
    public IReadOnlyDictionary<string, double>? StageCpuSeconds { get; init; }

    public DatasetCredit Dataset { get; init; } = DatasetCredit.Esc50;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new FiniteDoubleConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson() + "\n");

    public static AnalysisDocument Parse(string json) =>
        JsonSerializer.Deserialize<AnalysisDocument>(json, Options) ?? throw new JsonException("analysis.json holds null.");

    /// <summary>Writes NaN and infinities as JSON null (JSON has no such numbers); reads null back as NaN.</summary>
    private sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value)) writer.WriteNumberValue(value);
            else writer.WriteNullValue();
        }
    }
}

public sealed record PcaSummary(
    [property: JsonPropertyName("explained_2d")] double Explained2d,
    [property: JsonPropertyName("components_95")] int Components95,
    IReadOnlyList<double> ExplainedRatio);

public sealed record ClusteringSummary(
    ClusterScore Kmeans,
    ClusterScore Dbscan,
    ClusterScore Agglomerative,
    ClusterScore Gmm,
    ClusterScore Hdbscan);

/// <summary>Agreement with the true classes and cluster quality for one clusterer.</summary>
/// <param name="NoiseFraction">share of points labeled noise; only for clusterers that have noise.</param>
/// <param name="Parameters">the parameters used, as text (k, eps, minimum cluster size...).</param>
public sealed record ClusterScore(
    double Ari,
    double Nmi,
    double Silhouette,
    double Seconds,
    int Clusters,
    double? NoiseFraction,
    IReadOnlyDictionary<string, string> Parameters);

/// <summary>Leave-one-fold-out evaluation of one classifier.</summary>
public sealed record ClassifierSummary
{
    public required double CvAccuracy { get; init; }

    public required double CvStd { get; init; }

    public required double MacroF1 { get; init; }

    /// <summary>The folds held out in turn.</summary>
    public required IReadOnlyList<int> Folds { get; init; }

    public required IReadOnlyList<double> FoldAccuracy { get; init; }

    public required double Seconds { get; init; }

    /// <summary>Hyper-parameters chosen by the inner grid, per held-out fold.</summary>
    public required IReadOnlyList<IReadOnlyDictionary<string, string>> Chosen { get; init; }

    public required IReadOnlyDictionary<string, ClassScore> PerClass { get; init; }

    /// <summary>Pooled over all held-out folds; rows are true classes, columns predictions (order of <c>per_class</c>).</summary>
    public required IReadOnlyList<int[]> Confusion { get; init; }

    /// <summary>Forest only: the most important features, largest first.</summary>
    public IReadOnlyList<FeatureImportance>? TopFeatures { get; init; }
}

public sealed record ClassScore(double Precision, double Recall, double F1, int Support);

public sealed record FeatureImportance(string Feature, double Importance);

public sealed record SkippedFile(string File, string Reason);

public sealed record DatasetCredit(string Name, string Author, string License, string Source)
{
    public static DatasetCredit Esc50 { get; } = new(
        "ESC-50: Dataset for Environmental Sound Classification",
        "Karol J. Piczak",
        "CC BY-NC 3.0",
        "github.com/karolpiczak/ESC-50");

    /// <summary>The user's own data: where it was read from; author and licence are not known to the trainer.</summary>
    public static DatasetCredit Local(string layout, string location) => new($"{layout} at {location}", "not stated", "not stated", location);
}
