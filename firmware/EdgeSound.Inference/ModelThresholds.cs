using System.Text.Json;

namespace EdgeSound.Inference;

/// <summary>
/// The per-label onset thresholds a model carries in <see cref="ModelMetadataKeys.ClassThresholds"/>: a JSON object
/// from label to the detector's onset threshold on the smoothed score, each in (0, 1].
/// </summary>
public static class ModelThresholds
{
    /// <summary>A label named twice is refused, not taken at its last value.</summary>
    private static readonly JsonSerializerOptions NoDuplicates = new() { AllowDuplicateProperties = false };

    /// <summary>Writes thresholds as the metadata value: labels in model order, values rounded to 4 decimals.</summary>
    public static string ToJson(IReadOnlyList<string> labels, IReadOnlyDictionary<string, double> thresholds)
    {
        var ordered = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string label in labels)
        {
            if (thresholds.TryGetValue(label, out double t))
            {
                ordered[label] = Math.Round(t, 4);
            }
        }

        return JsonSerializer.Serialize(ordered);
    }

    /// <summary>
    /// Reads the thresholds of a model at <paramref name="path"/> (for messages) from its metadata; empty when the
    /// key is absent. Throws <see cref="ModelLoadException"/> naming the key when the value is not a JSON object of
    /// numbers, names a label twice or one the model lacks, or holds a threshold outside (0, 1].
    /// </summary>
    public static IReadOnlyDictionary<string, double> Read(string path, IReadOnlyDictionary<string, string> meta, IReadOnlyList<string> labels)
    {
        if (!meta.TryGetValue(ModelMetadataKeys.ClassThresholds, out string? json))
        {
            return new Dictionary<string, double>(StringComparer.Ordinal);
        }

        Dictionary<string, double>? values;
        try
        {
            values = JsonSerializer.Deserialize<Dictionary<string, double>>(json, NoDuplicates);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(path, RepeatedLabel(json) is { } twice
                ? $"metadata '{ModelMetadataKeys.ClassThresholds}' names '{twice}' twice"
                : $"metadata '{ModelMetadataKeys.ClassThresholds}' is not a JSON object of label: number: {e.Message}", e);
        }

        if (values is null)
        {
            throw new ModelLoadException(path, $"metadata '{ModelMetadataKeys.ClassThresholds}' must be a JSON object, not null");
        }

        var known = new HashSet<string>(labels, StringComparer.Ordinal);
        foreach ((string label, double threshold) in values)
        {
            if (!known.Contains(label))
            {
                throw new ModelLoadException(path, $"metadata '{ModelMetadataKeys.ClassThresholds}' names '{label}', which is not one of the model's labels");
            }

            if (!(threshold > 0 && threshold <= 1))
            {
                throw new ModelLoadException(path, $"metadata '{ModelMetadataKeys.ClassThresholds}': threshold of '{label}' is {threshold}, expected a number in (0, 1]");
            }
        }

        return new Dictionary<string, double>(values, StringComparer.Ordinal);
    }

    /// <summary>The first label a JSON object names twice; null when none is, or <paramref name="json"/> is no JSON object.</summary>
    private static string? RepeatedLabel(string json)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty p in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(p.Name))
                {
                    return p.Name;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
