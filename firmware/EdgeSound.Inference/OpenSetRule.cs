using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeSound.Inference;

/// <summary>
/// Open-set rejection: decides that a window's sound matches none of the model's classes well enough ("unknown").
/// Both methods compute a novelty for the window's top class <c>k</c> (the label with the highest score) and call the
/// window unknown when it exceeds that class's calibrated threshold <c>t[k]</c>:
/// <list type="bullet">
/// <item><see cref="OpenSetMethod.CentroidDistance"/>: the Euclidean distance from the window's embedding to class
/// <c>k</c>'s centroid. The embedding is the centred log-score vector <c>e_i = ln s_i - mean_j ln s_j</c> (scores floored
/// at <see cref="ScoreFloor"/>): since <c>ln softmax(z)_i = z_i - logsumexp(z)</c>, where no score is floored this equals
/// the logits minus their mean, free of the softmax's per-window constant (the centred log-ratio transform of
/// compositional data, Aitchison 1982). A centroid is the mean embedding of a class's training windows.</item>
/// <item><see cref="OpenSetMethod.MaxScore"/>: <c>1 - s_k</c>, the maximum-softmax-probability baseline (Hendrycks and
/// Gimpel 2017, "A baseline for detecting misclassified and out-of-distribution examples").</item>
/// <item><see cref="OpenSetMethod.KMeans"/>: the <see cref="KMeansAnomaly"/> score of the model's int8 input window (Edge
/// Impulse's K-means anomaly block), independent of the scores; the threshold is still that of the top class.</item>
/// </list>
/// Stored in the model's <see cref="ModelMetadataKeys.OpenSet"/> metadata as JSON (see <see cref="ToJson"/>); the trainer's
/// <c>openset</c> verb calibrates it. Scoring allocates nothing.
/// </summary>
public sealed class OpenSetRule
{
    /// <summary>
    /// Scores are floored here before the logarithm (ln = -9.2, never -inf): below it the log scores of classes the window is
    /// clearly not are noise that swamps the distance. Measured on ESC-50 (40-class model, fold-4 known windows against the
    /// 10 unseen classes' windows) the area under the ROC curve of the distance was 0.706 with a floor of 1e-30, 0.728 with
    /// 1e-6, 0.747 with 1e-4 and 0.730 with 1e-3.
    /// </summary>
    public const float ScoreFloor = 1e-4f;

    private readonly float[] _centroids;
    private readonly double[] _thresholds;

    /// <param name="method">How novelty is measured.</param>
    /// <param name="labels">The model's labels, index = class.</param>
    /// <param name="thresholds">Per class: a window whose top class it is and whose novelty exceeds it is unknown (positive).</param>
    /// <param name="centroids">Per class, its centroid in embedding space (one value per class); required by
    /// <see cref="OpenSetMethod.CentroidDistance"/>, ignored by <see cref="OpenSetMethod.MaxScore"/>.</param>
    /// <param name="quantile">The quantile of the training windows' novelty each threshold was set at (recorded, in (0, 1]).</param>
    /// <param name="kmeans">The clusters of <see cref="OpenSetMethod.KMeans"/> (required by it, ignored by the others).</param>
    /// <exception cref="ArgumentException">Counts that do not match the labels, a threshold that is not positive and finite, or
    /// <see cref="OpenSetMethod.KMeans"/> without clusters.</exception>
    public OpenSetRule(OpenSetMethod method, IReadOnlyList<string> labels, IReadOnlyList<double> thresholds, IReadOnlyList<float[]>? centroids, double quantile, KMeansAnomaly? kmeans = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(thresholds);
        int k = labels.Count;
        if (thresholds.Count != k)
        {
            throw new ArgumentException($"{thresholds.Count} thresholds for {k} labels", nameof(thresholds));
        }

        for (int c = 0; c < k; c++)
        {
            if (!(thresholds[c] > 0 && double.IsFinite(thresholds[c])))
            {
                throw new ArgumentException($"threshold of '{labels[c]}' is {thresholds[c]}, expected a positive number", nameof(thresholds));
            }
        }

        if (!(quantile > 0 && quantile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(quantile), quantile, "quantile must be in (0, 1]");
        }

        _centroids = [];
        if (method == OpenSetMethod.CentroidDistance)
        {
            if (centroids is null || centroids.Count != k || centroids.Any(v => v.Length != k || !v.All(float.IsFinite)))
            {
                throw new ArgumentException($"the centroid method needs {k} centroids of {k} finite values", nameof(centroids));
            }

            _centroids = [.. centroids.SelectMany(v => v)];
        }

        if (method == OpenSetMethod.KMeans && kmeans is null)
        {
            throw new ArgumentException("the kmeans method needs its clusters", nameof(kmeans));
        }

        KMeans = method == OpenSetMethod.KMeans ? kmeans : null;
        Method = method;
        Labels = [.. labels];
        _thresholds = [.. thresholds];
        Quantile = quantile;
    }

    public OpenSetMethod Method { get; }

    public IReadOnlyList<string> Labels { get; }

    /// <summary>The clusters of <see cref="OpenSetMethod.KMeans"/> (null for the other methods).</summary>
    public KMeansAnomaly? KMeans { get; }

    /// <summary>Per class (model order), the novelty above which a window of that top class is unknown.</summary>
    public IReadOnlyList<double> Thresholds => _thresholds;

    /// <summary>The training-window quantile the thresholds were set at.</summary>
    public double Quantile { get; }

    /// <summary>Class <paramref name="c"/>'s centroid (empty for <see cref="OpenSetMethod.MaxScore"/>).</summary>
    public ReadOnlySpan<float> Centroid(int c) =>
        _centroids.Length == 0 ? [] : _centroids.AsSpan(c * Labels.Count, Labels.Count);

    /// <summary>The window's embedding: centred log scores (see the class summary); both spans hold one value per class.</summary>
    public static void Embed(ReadOnlySpan<float> scores, Span<float> embedding)
    {
        if (embedding.Length != scores.Length)
        {
            throw new ArgumentException($"embedding has {embedding.Length} slots for {scores.Length} scores", nameof(embedding));
        }

        double mean = MeanLog(scores);
        for (int i = 0; i < scores.Length; i++)
        {
            embedding[i] = (float)(Math.Log(Math.Max(scores[i], ScoreFloor)) - mean);
        }
    }

    /// <summary>The window's novelty for its top class <paramref name="top"/> (the highest score, lowest index among equals).</summary>
    /// <param name="scores">One softmax score per class.</param>
    /// <param name="window">The model's int8 input window (frames x bands, frame after frame); read only by <see cref="OpenSetMethod.KMeans"/>, which
    /// throws <see cref="ArgumentException"/> when it is not whole frames of its bands.</param>
    public double Novelty(ReadOnlySpan<float> scores, ReadOnlySpan<sbyte> window, out int top)
    {
        if (scores.Length != Labels.Count)
        {
            throw new ArgumentException($"got {scores.Length} scores, the rule has {Labels.Count} classes", nameof(scores));
        }

        top = 0;
        for (int i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[top])
            {
                top = i;
            }
        }

        if (Method == OpenSetMethod.MaxScore)
        {
            return 1.0 - scores[top];
        }

        if (KMeans is not null)
        {
            return KMeans.Score(window);
        }

        double mean = MeanLog(scores);
        ReadOnlySpan<float> centroid = Centroid(top);
        double sum = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            double d = Math.Log(Math.Max(scores[i], ScoreFloor)) - mean - centroid[i];
            sum += d * d;
        }

        return Math.Sqrt(sum);
    }

    /// <summary>The novelty of a score-only method (<see cref="OpenSetMethod.KMeans"/> needs the window: it throws <see cref="ArgumentException"/>).</summary>
    public double Novelty(ReadOnlySpan<float> scores, out int top) => Novelty(scores, [], out top);

    /// <summary>True when the window's novelty exceeds its top class's threshold (see <see cref="Novelty(ReadOnlySpan{float}, ReadOnlySpan{sbyte}, out int)"/>).</summary>
    public bool IsUnknown(ReadOnlySpan<float> scores, ReadOnlySpan<sbyte> window)
    {
        double novelty = Novelty(scores, window, out int top);
        return novelty > _thresholds[top];
    }

    /// <summary>True when a score-only method calls the window unknown.</summary>
    public bool IsUnknown(ReadOnlySpan<float> scores) => IsUnknown(scores, []);

    /// <summary>
    /// The metadata value: <c>{"method": "centroid_distance"|"max_score"|"kmeans", "embedding": "centred_log_scores"|"log_mel_band_mean_std",
    /// "quantile": q, "classes": {"label": {"threshold": t, "centroid": [...]}}, "kmeans": {"bands": B, "mean": [2B], "scale": [2B],
    /// "centres": [[2B], ...], "spreads": [K]}, "calibration": {...}}</c> ("kmeans" only for that method), numbers rounded to 5
    /// decimals; <paramref name="calibration"/> (how the rule was found) is stored as given and not read back.
    /// </summary>
    public string ToJson(JsonObject? calibration = null)
    {
        var classes = new JsonObject();
        for (int c = 0; c < Labels.Count; c++)
        {
            var entry = new JsonObject { ["threshold"] = Math.Round(_thresholds[c], 5) };
            if (Method == OpenSetMethod.CentroidDistance)
            {
                entry["centroid"] = new JsonArray([.. Centroid(c).ToArray().Select(v => (JsonNode)Math.Round(v, 5))]);
            }

            classes[Labels[c]] = entry;
        }

        var json = new JsonObject
        {
            ["method"] = MethodName(Method),
            ["embedding"] = KMeans is null ? "centred_log_scores" : "log_mel_band_mean_std",
            ["quantile"] = Quantile,
            ["classes"] = classes,
        };
        if (KMeans is { } km)
        {
            json["kmeans"] = new JsonObject
            {
                ["bands"] = km.Bands,
                ["mean"] = Array(km.Mean),
                ["scale"] = Array(km.Scale),
                ["centres"] = new JsonArray([.. Enumerable.Range(0, km.Clusters).Select(j => (JsonNode)Array(km.Centre(j).ToArray()))]),
                ["spreads"] = Array(km.Spreads),
            };
        }

        if (calibration is not null)
        {
            json["calibration"] = calibration.DeepClone();
        }

        return json.ToJsonString();
    }

    /// <summary>The metadata name of a method: <c>centroid_distance</c>, <c>max_score</c> or <c>kmeans</c>.</summary>
    public static string MethodName(OpenSetMethod method) => method switch
    {
        OpenSetMethod.CentroidDistance => "centroid_distance",
        OpenSetMethod.MaxScore => "max_score",
        _ => "kmeans",
    };

    /// <summary>
    /// Reads the rule of the model at <paramref name="path"/> (for messages) from its metadata; null when the model has no
    /// <see cref="ModelMetadataKeys.OpenSet"/> key (then it raises no unknown events). Throws <see cref="ModelLoadException"/>
    /// naming the key when the JSON is malformed, the method unknown, a label missing or not the model's, a threshold not
    /// positive, a centroid of the wrong length, or kmeans clusters missing, malformed or made for another number of
    /// bands than <paramref name="bands"/>.
    /// </summary>
    /// <param name="bands">Mel bands per frame of the model's input window, which the kmeans rule's features are taken over.</param>
    public static OpenSetRule? Read(string path, IReadOnlyDictionary<string, string> meta, IReadOnlyList<string> labels, int bands)
    {
        ArgumentNullException.ThrowIfNull(meta);
        ArgumentNullException.ThrowIfNull(labels);
        if (!meta.TryGetValue(ModelMetadataKeys.OpenSet, out string? text))
        {
            return null;
        }

        ModelLoadException Bad(string problem, Exception? inner = null) =>
            new(path, $"metadata '{ModelMetadataKeys.OpenSet}': {problem}", inner);
        try
        {
            JsonObject json = JsonNode.Parse(text) as JsonObject ?? throw Bad("must be a JSON object");
            OpenSetMethod method = (string?)json["method"] switch
            {
                "centroid_distance" => OpenSetMethod.CentroidDistance,
                "max_score" => OpenSetMethod.MaxScore,
                "kmeans" => OpenSetMethod.KMeans,
                var other => throw Bad($"method '{other}' is not centroid_distance, max_score or kmeans"),
            };
            double quantile = json["quantile"]?.GetValue<double>() ?? throw Bad("no quantile");
            JsonObject classes = json["classes"] as JsonObject ?? throw Bad("no 'classes' object");
            foreach ((string label, _) in classes)
            {
                if (!labels.Contains(label))
                {
                    throw Bad($"names '{label}', which is not one of the model's labels");
                }
            }

            var thresholds = new double[labels.Count];
            var centroids = new float[labels.Count][];
            for (int c = 0; c < labels.Count; c++)
            {
                JsonObject entry = classes[labels[c]] as JsonObject ?? throw Bad($"no entry for '{labels[c]}'");
                thresholds[c] = entry["threshold"]?.GetValue<double>() ?? throw Bad($"'{labels[c]}' has no threshold");
                centroids[c] = entry["centroid"] is JsonArray values
                    ? [.. values.Select(v => v?.GetValue<float>() ?? float.NaN)]
                    : [];
            }

            KMeansAnomaly? kmeans = method == OpenSetMethod.KMeans
                ? ReadKMeans(json["kmeans"] as JsonObject ?? throw Bad("method kmeans has no 'kmeans' object"))
                : null;
            if (kmeans is not null && kmeans.Bands != bands)
            {
                throw Bad($"kmeans 'bands' is {kmeans.Bands} but the model's input has {bands} bands per frame");
            }

            return new OpenSetRule(method, labels, thresholds, method == OpenSetMethod.CentroidDistance ? centroids : null, quantile, kmeans);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw Bad(e.Message, e);
        }
    }

    private static JsonArray Array(IEnumerable<float> values) => new([.. values.Select(v => (JsonNode)Math.Round(v, 5))]);

    private static float[] Floats(JsonNode? node, string name) =>
        node is JsonArray values
            ? [.. values.Select(v => v?.GetValue<float>() ?? float.NaN)]
            : throw new FormatException($"kmeans '{name}' is not an array of numbers");

    /// <summary>The "kmeans" object; its constructor's <see cref="ArgumentException"/> names what is wrong.</summary>
    private static KMeansAnomaly ReadKMeans(JsonObject json)
    {
        int bands = json["bands"]?.GetValue<int>() ?? throw new FormatException("kmeans has no 'bands'");
        float[][] centres = json["centres"] is JsonArray rows
            ? [.. rows.Select(r => Floats(r, "centres"))]
            : throw new FormatException("kmeans 'centres' is not an array of arrays");
        return new KMeansAnomaly(bands, Floats(json["mean"], "mean"), Floats(json["scale"], "scale"), centres, Floats(json["spreads"], "spreads"));
    }

    private static double MeanLog(ReadOnlySpan<float> scores)
    {
        double sum = 0;
        foreach (float s in scores)
        {
            sum += Math.Log(Math.Max(s, ScoreFloor));
        }

        return scores.Length == 0 ? 0 : sum / scores.Length;
    }
}
