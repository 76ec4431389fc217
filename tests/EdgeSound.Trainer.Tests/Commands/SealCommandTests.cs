using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeSound.Inference;
using EdgeSound.Learning.Onnx.Proto;
using EdgeSound.Tests.Shared;
using EdgeSound.Trainer.Commands;
using Google.Protobuf;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>The shipped models record their SHA-256 and their cards name their files; <c>seal</c> records a hash
/// without changing what a model computes.</summary>
public sealed class SealCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-seal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Models() => RepoPaths.File(Path.Combine("firmware", "models"));

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static (int Code, string Error) Run(params string[] args)
    {
        var (code, _, error) = TrainerCli.Run(args);
        return (code, error);
    }

    [Theory]
    [InlineData("edgesound.onnx")]
    [InlineData("recipe-check/edgesound-heldout4.onnx")]
    public void Shipped_models_verify_and_their_cards_give_the_file_hash_and_size(string name)
    {
        string model = Path.Combine(Models(), name);
        using (SoundClassifier classifier = SoundClassifier.Load(model))
        {
            Assert.True(classifier.Digest.Matches);
        }

        string card = File.ReadAllText(Path.ChangeExtension(model, ".md"));
        Assert.Contains($"| SHA-256 | `{Sha256(model)}` |", card, StringComparison.Ordinal);
        Assert.Contains($"| File size | {SealCommand.FileSize(new FileInfo(model).Length)} |", card, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_model_quotes_its_recipe_check_by_its_current_hash()
    {
        string check = Path.Combine(Models(), "recipe-check", "edgesound-heldout4.onnx");
        using SoundClassifier shipped = SoundClassifier.Load(Path.Combine(Models(), "edgesound.onnx"));
        JsonObject quote = JsonNode.Parse(shipped.Metadata[ModelMetadataKeys.Metrics])!["recipe_check"]!.AsArray()
            .OfType<JsonObject>().Single(c => (string?)c["file"] == "edgesound-heldout4.onnx");
        Assert.Equal(Sha256(check), (string?)quote["sha256"]);
        Assert.Contains(Sha256(check)[..16], File.ReadAllText(Path.Combine(Models(), "edgesound.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_records_the_hash_keeps_graph_and_scores_and_updates_the_card()
    {
        // An unsealed copy of the shipped model (its hash entry removed), with a copy of its card.
        ModelProto proto = UnsealedCopy.Of("firmware/models/edgesound.onnx");
        string model = Path.Combine(_dir, "edgesound.onnx");
        File.WriteAllBytes(model, proto.ToByteArray());
        string oldSha = Sha256(model);
        string card = Path.Combine(_dir, "edgesound.md");
        File.WriteAllText(card, File.ReadAllText(Path.Combine(Models(), "edgesound.md")).Replace(Sha256(Path.Combine(Models(), "edgesound.onnx")), oldSha, StringComparison.Ordinal));
        float[][] before = ScoreRandomWindows(model, new ModelLoadOptions { AllowUnverified = true });

        var (code, error) = Run("seal", "--model", model);

        Assert.True(code == 0, error);
        Assert.Equal(proto.Graph.ToByteString(), ModelProto.Parser.ParseFrom(File.ReadAllBytes(model)).Graph.ToByteString());
        Assert.Equal(before, ScoreRandomWindows(model, new ModelLoadOptions()));
        string text = File.ReadAllText(card);
        Assert.Contains($"| SHA-256 | `{Sha256(model)}` |", text, StringComparison.Ordinal);
        Assert.DoesNotContain(oldSha, text, StringComparison.Ordinal);
        Assert.Contains($"| File size | {SealCommand.FileSize(new FileInfo(model).Length)} |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_through_a_symbolic_link_seals_the_target_and_its_card_and_keeps_the_link()
    {
        ModelProto proto = UnsealedCopy.Of("firmware/models/edgesound.onnx");
        string real = Path.Combine(Directory.CreateDirectory(Path.Combine(_dir, "releases")).FullName, "edgesound.onnx");
        File.WriteAllBytes(real, proto.ToByteArray());
        string oldSha = Sha256(real);
        string card = Path.ChangeExtension(real, ".md");
        File.WriteAllText(card, $"| SHA-256 | `{oldSha}` |\n");
        string link = Path.Combine(_dir, "current.onnx");
        File.CreateSymbolicLink(link, real);

        var (code, error) = Run("seal", "--model", link);

        Assert.True(code == 0, error);
        Assert.Equal(real, new FileInfo(link).LinkTarget);
        Assert.True(ModelDigest.Of(File.ReadAllBytes(real)).Matches);
        Assert.Contains($"| SHA-256 | `{Sha256(real)}` |", File.ReadAllText(card), StringComparison.Ordinal);
    }

    [Fact]
    public void Resealing_an_intact_model_leaves_its_card_alone_and_does_not_say_it_was_updated()
    {
        string model = Path.Combine(_dir, "edgesound.onnx");
        string card = Path.Combine(_dir, "edgesound.md");
        File.Copy(Path.Combine(Models(), "edgesound.onnx"), model);
        File.Copy(Path.Combine(Models(), "edgesound.md"), card);
        byte[] before = File.ReadAllBytes(card);

        var (code, error) = Run("seal", "--model", model);

        Assert.True(code == 0, error);
        Assert.Equal(before, File.ReadAllBytes(card));
        Assert.DoesNotContain("updated", error, StringComparison.Ordinal);
        Assert.Contains("already sealed", error, StringComparison.Ordinal);
        Assert.DoesNotContain(" -> ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resealing_a_model_changed_after_its_seal_says_so_and_an_intact_one_does_not()
    {
        string model = Path.Combine(_dir, "changed.onnx");
        File.Copy(Path.Combine(Models(), "edgesound.onnx"), model);
        var (intact, quiet) = Run("seal", "--model", model);
        Assert.Equal(0, intact);
        Assert.DoesNotContain("warning", quiet, StringComparison.Ordinal);

        ModelProto proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(model));
        proto.MetadataProps.Add(new StringStringEntryProto { Key = "edited.by.hand", Value = "1" });
        File.WriteAllBytes(model, proto.ToByteArray());
        var (code, error) = Run("seal", "--model", model);

        Assert.Equal(0, code);
        Assert.Contains($"seal: warning: {model}: its recorded SHA-256", error, StringComparison.Ordinal);
        Assert.Contains("it was changed after it was sealed", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_refuses_a_file_that_is_not_a_model_and_a_recipe_check_that_does_not_verify()
    {
        string junk = Path.Combine(_dir, "junk.onnx");
        File.WriteAllBytes(junk, [0xff, 0xff, 0xff]);
        var (code, error) = Run("seal", "--model", junk);
        Assert.Equal(2, code);
        Assert.Contains(junk, error, StringComparison.Ordinal);
        Assert.Equal([0xff, 0xff, 0xff], File.ReadAllBytes(junk));

        string model = Path.Combine(_dir, "edgesound.onnx");
        File.Copy(Path.Combine(Models(), "edgesound.onnx"), model);
        string check = Path.Combine(_dir, "edgesound-heldout4.onnx");
        byte[] bytes = File.ReadAllBytes(Path.Combine(Models(), "recipe-check", "edgesound-heldout4.onnx"));
        bytes[1000] ^= 0x01;
        File.WriteAllBytes(check, bytes);
        (code, error) = Run("seal", "--model", model, "--recipe-check", check);
        Assert.Equal(2, code);
        Assert.Contains(check, error, StringComparison.Ordinal);
        Assert.Contains("does not verify", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_names_an_empty_model_a_truncated_recipe_check_and_a_directory_in_one_line()
    {
        string empty = Path.Combine(_dir, "empty.onnx");
        File.WriteAllBytes(empty, []);
        var (code, error) = Run("seal", "--model", empty);
        Assert.Equal(2, code);
        Assert.Equal($"seal failed: {empty}: model file is empty", error.Trim());

        string model = Path.Combine(_dir, "edgesound.onnx");
        File.Copy(Path.Combine(Models(), "edgesound.onnx"), model);
        byte[] original = File.ReadAllBytes(model);
        string half = Path.Combine(_dir, "half.onnx");
        File.WriteAllBytes(half, File.ReadAllBytes(Path.Combine(Models(), "recipe-check", "edgesound-heldout4.onnx"))[..5000]);
        (code, error) = Run("seal", "--model", model, "--recipe-check", half);
        Assert.Equal(2, code);
        Assert.StartsWith($"seal failed: {half}: not an ONNX model file", error.Trim(), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Equal(original, File.ReadAllBytes(model));

        string graphless = Path.Combine(_dir, "graphless.onnx");
        File.WriteAllBytes(graphless, [0x08, 0x07]);
        (code, error) = Run("seal", "--model", graphless);
        Assert.Equal(2, code);
        Assert.Equal($"seal failed: {graphless}: not an ONNX model file (no graph)", error.Trim());
        Assert.Equal([0x08, 0x07], File.ReadAllBytes(graphless));

        string folder = Path.Combine(_dir, "folder.onnx");
        Directory.CreateDirectory(folder);
        (code, error) = Run("seal", "--model", folder);
        Assert.Equal(2, code);
        Assert.Equal($"seal failed: {folder}: is a directory, not a model file", error.Trim());
    }

    [Theory]
    [InlineData("frontend.pre_emphasis", "xalse", "frontend metadata: Metadata key 'frontend.pre_emphasis' = 'xalse' is not 'true' or 'false'.")]
    [InlineData("frontend.sample_rate", "00000", "frontend metadata: FrontendConfig.SampleRate = 0 must be between 1000 and 192000 Hz.")]
    [InlineData("frontend.mel_bands", "40", "input has 64 bands but metadata 'frontend.mel_bands' says 40")]
    public void Seal_refuses_metadata_the_loader_refuses_in_one_line_and_leaves_the_file(string key, string value, string problem)
    {
        ModelProto proto = UnsealedCopy.Of("firmware/models/edgesound.onnx");
        proto.MetadataProps.Single(p => p.Key == key).Value = value;
        string model = Path.Combine(_dir, "edgesound.onnx");
        File.WriteAllBytes(model, proto.ToByteArray());
        byte[] before = File.ReadAllBytes(model);

        var (code, error) = Run("seal", "--model", model);

        Assert.Equal(2, code);
        Assert.Equal($"seal failed: {model}: {problem}", error.Trim());
        Assert.Equal(before, File.ReadAllBytes(model));
        Assert.Equal([model], Directory.GetFiles(_dir));
    }

    private static float[][] ScoreRandomWindows(string model, ModelLoadOptions options)
    {
        using SoundClassifier classifier = SoundClassifier.Load(model, options);
        var rng = new Random(8);
        var window = new sbyte[classifier.WindowLength];
        var result = new float[8][];
        for (int i = 0; i < result.Length; i++)
        {
            for (int j = 0; j < window.Length; j++)
            {
                window[j] = (sbyte)rng.Next(-128, 128);
            }

            result[i] = new float[classifier.Labels.Length];
            classifier.Score(window, result[i]);
        }

        return result;
    }
}
