using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EdgeSound.Inference;
using EdgeSound.Dsp.Files;
using EdgeSound.Learning.Onnx.Proto;
using EdgeSound.Trainer.Training;
using Google.Protobuf;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// <c>seal --model FILE.onnx [--recipe-check A.onnx,...]</c>: records the model's SHA-256 in its metadata
/// (<see cref="ModelDigest"/>) without touching its graph, so an older or hand-made model passes the device's check.
/// With <c>--recipe-check</c>, the named models (already sealed) have their whole-file SHA-256 updated where this
/// model's <c>edgesound.metrics</c> quotes them. The model card beside the file (FILE.md), when there is one, gets the
/// new file size and SHA-256 in place of the old ones; it is rewritten, and said to be updated, only when that changes
/// its bytes. Exit 2 with one line naming the file when a file is missing,
/// not an ONNX model, a recipe-check model does not verify, or the sealed model would fail the loader's checks
/// (<see cref="SoundClassifier.Check"/>: metadata, input and output shapes); the file is then left as it was.
/// </summary>
internal static partial class SealCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "ONNX model file to seal in place.", Required = true };
        var recipeCheck = new Option<string?>("--recipe-check")
        {
            Description = "Comma-separated, already sealed recipe-check models whose SHA-256 this model's metrics quote.",
        };
        var command = new Command("seal", "Record a model's SHA-256 in its metadata (graph untouched) and update its card.")
        {
            model, recipeCheck,
        };
        command.SetAction(parse =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            try
            {
                string[] checks = (parse.GetValue(recipeCheck) ?? "")
                    .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                Seal(parse.GetRequiredValue(model), checks, error);
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ModelLoadException)
            {
                error.WriteLine($"seal failed: {ErrorLine.Message(e)}");
                return 2;
            }
        });
        return command;
    }

    /// <param name="metadata">Entries to set (added, or replaced where the key exists) before sealing, e.g. the
    /// calibrated thresholds; the graph is checked unchanged either way.</param>
    internal static void Seal(string path, IReadOnlyList<string> recipeChecks, TextWriter log, IReadOnlyDictionary<string, string>? metadata = null)
    {
        byte[] original = SoundClassifier.ReadFile(path);
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(original);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{path}: not an ONNX model file ({e.Message})", e);
        }

        if (proto.Graph is null)
        {
            throw new InvalidDataException($"{path}: not an ONNX model file (no graph)");
        }

        if (ModelDigest.Of(original) is { Recorded: { } recorded, Matches: false } stale)
        {
            log.WriteLine($"seal: warning: {path}: its recorded SHA-256 {recorded} does not match its content ({stale.Computed}): it was changed after it was sealed; sealing records the new content");
        }

        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string check in recipeChecks)
        {
            (string before, string after) = UpdateRecipeCheck(proto, path, check);
            replacements[before] = after;
        }

        foreach ((string key, string value) in metadata ?? new Dictionary<string, string>())
        {
            StringStringEntryProto? entry = proto.MetadataProps.SingleOrDefault(p => p.Key == key);
            if (entry is null)
            {
                proto.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
            }
            else
            {
                entry.Value = value;
            }
        }

        ByteString graph = ModelProto.Parser.ParseFrom(original).Graph.ToByteString();
        byte[] sealedModel = ModelDigest.Seal(proto.ToByteArray());
        if (!ModelProto.Parser.ParseFrom(sealedModel).Graph.ToByteString().Equals(graph))
        {
            throw new InvalidDataException($"{path}: sealing would change the graph; the file was left as it was.");
        }

        SoundClassifier.Check(path, sealedModel);
        string oldSha = Sha256(original);
        string newSha = Sha256(sealedModel);
        replacements[oldSha] = newSha;
        string content = ModelDigest.Of(sealedModel).Computed;
        if (oldSha == newSha)
        {
            log.WriteLine($"seal: {path}: already sealed (content SHA-256 {content}, file SHA-256 {newSha}); left as it was");
        }
        else
        {
            AtomicFile.WriteAllBytes(path, sealedModel);
            log.WriteLine($"seal: {path}: content SHA-256 {content} recorded; file SHA-256 {oldSha} -> {newSha}, {sealedModel.Length} bytes");
        }

        // A link is sealed at its target (AtomicFile), so the card is the one beside the target.
        string card = Path.ChangeExtension(AtomicFile.Target(path), ".md");
        if (File.Exists(card))
        {
            string text = FileSizeRow().Replace(File.ReadAllText(card), $"| File size | {FileSize(sealedModel.Length)} |");
            foreach ((string before, string after) in replacements)
            {
                text = text.Replace(before, after, StringComparison.Ordinal).Replace(before[..16], after[..16], StringComparison.Ordinal);
            }

            byte[] updated = new UTF8Encoding(false).GetBytes(text);
            if (!updated.AsSpan().SequenceEqual(File.ReadAllBytes(card)))
            {
                AtomicFile.WriteAllBytes(card, updated);
                log.WriteLine($"seal: {card}: file size and SHA-256 updated");
            }
        }
    }

    /// <summary>The card's file size cell, as <c>train</c> writes it.</summary>
    internal static string FileSize(long bytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes ({bytes / 1024.0:F1} KiB)");

    /// <summary>Points this model's quote of <paramref name="checkPath"/> at its current file; returns the SHA-256 before and after.</summary>
    private static (string Before, string After) UpdateRecipeCheck(ModelProto proto, string path, string checkPath)
    {
        byte[] bytes = SoundClassifier.ReadFile(checkPath);
        ModelDigest digest = ModelDigest.Of(bytes, checkPath);

        if (!digest.Matches)
        {
            throw new InvalidDataException(
                $"{checkPath}: recipe-check model does not verify (records SHA-256 {digest.Recorded ?? "none"}, content hashes to {digest.Computed}); seal it first.");
        }

        StringStringEntryProto metrics = proto.MetadataProps.SingleOrDefault(p => p.Key == ModelMetadataKeys.Metrics)
            ?? throw new InvalidDataException($"{path}: no '{ModelMetadataKeys.Metrics}' metadata to update.");
        JsonObject json = MetadataJson.Object(path, ModelMetadataKeys.Metrics, metrics.Value);
        string name = Path.GetFileName(checkPath);
        JsonObject quote = (json["recipe_check"] as JsonArray)?.OfType<JsonObject>().SingleOrDefault(c => (string?)c["file"] == name)
            ?? throw new InvalidDataException($"{path}: '{ModelMetadataKeys.Metrics}' quotes no recipe check named {name}.");
        string before = (string?)quote["sha256"] ?? throw new InvalidDataException($"{path}: the quote of {name} has no sha256.");
        string after = Sha256(bytes);
        quote["sha256"] = after;
        metrics.Value = json.ToJsonString();
        return (before, after);
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [GeneratedRegex(@"\| File size \| \d+ bytes \([0-9.]+ KiB\) \|")]
    private static partial Regex FileSizeRow();
}
