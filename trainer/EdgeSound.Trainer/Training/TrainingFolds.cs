using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSound.Inference;

namespace EdgeSound.Trainer.Training;

/// <summary>The folds a model was trained on, as its <c>edgesound.training</c> metadata lists them.</summary>
internal static class TrainingFolds
{
    /// <summary>
    /// The folds in the <c>folds</c> array of <paramref name="metadata"/>'s <c>edgesound.training</c> entry, ascending;
    /// null when the entry or its <c>folds</c> array is absent or empty.
    /// </summary>
    /// <exception cref="InvalidDataException">the entry is not a JSON object, or a listed fold is not a whole number of 1 or more; the message starts with <paramref name="modelPath"/>.</exception>
    public static IReadOnlySet<int>? Of(string modelPath, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(ModelMetadataKeys.Training, out string? training)
            || MetadataJson.Object(modelPath, ModelMetadataKeys.Training, training)["folds"] is not JsonArray listed
            || listed.Count == 0)
        {
            return null;
        }

        var folds = new SortedSet<int>();
        foreach (JsonNode? entry in listed)
        {
            if (entry is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue(out int fold) || fold < 1)
            {
                throw new InvalidDataException($"{modelPath}: metadata '{ModelMetadataKeys.Training}' lists fold {entry?.ToJsonString() ?? "null"}, not a fold number");
            }

            folds.Add(fold);
        }

        return folds;
    }
}
