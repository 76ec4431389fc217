using System.Security.Cryptography;
using System.Text;
using Xunit;

namespace EdgeSound.Inference.Tests;

/// <summary>The SHA-256 a model records for itself: written by <see cref="ModelDigest.Seal"/>, checked at load.</summary>
public sealed class ModelDigestTests
{
    private static ModelLoadException Refused(string path, ModelLoadOptions? options = null)
    {
        ModelLoadException e = Assert.Throws<ModelLoadException>(() => SoundClassifier.Load(path, options ?? new ModelLoadOptions()));
        Assert.StartsWith(path, e.Message);
        return e;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        int at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, "pattern not found in the model file");
        return at;
    }

    [Fact]
    public void Sealing_appends_the_hash_and_leaves_every_other_byte_alone()
    {
        byte[] plain = new TinyCnn().Builder().ToBytes();
        byte[] sealedModel = ModelDigest.Seal(plain);

        Assert.Equal(plain, sealedModel[..plain.Length]);
        ModelDigest digest = ModelDigest.Of(sealedModel);
        Assert.True(digest.Matches);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(plain)), digest.Recorded);
        Assert.Equal(sealedModel, ModelDigest.Seal(sealedModel));
        Assert.Equal(new ModelDigest(null, digest.Computed), ModelDigest.Of(plain));
    }

    [Fact]
    public void A_sealed_model_loads_and_reports_its_digest()
    {
        var cnn = new TinyCnn();
        using var dir = new TempDir();
        using SoundClassifier classifier = SoundClassifier.Load(cnn.Save(dir.Path));
        Assert.True(classifier.Digest.Matches);
        Assert.Equal(classifier.Digest.Recorded, classifier.Metadata[ModelMetadataKeys.ContentSha256]);
    }

    [Fact]
    public void A_flipped_weight_byte_is_refused_naming_the_file_and_both_hashes()
    {
        var cnn = new TinyCnn();
        using var dir = new TempDir();
        string path = cnn.Save(dir.Path);
        byte[] bytes = File.ReadAllBytes(path);
        string recorded = ModelDigest.Of(bytes).Recorded!;
        // The dense layer's float weights are stored raw: flip one bit of the first one.
        int weight = IndexOf(bytes, BitConverter.GetBytes(cnn.DenseWeight(0)));
        bytes[weight] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        ModelLoadException e = Refused(path);
        string computed = ModelDigest.Of(bytes).Computed;
        Assert.NotEqual(recorded, computed);
        Assert.Contains("SHA-256 mismatch", e.Message);
        Assert.Contains(recorded, e.Message);
        Assert.Contains(computed, e.Message);
        Assert.EndsWith(new ModelLoadOptions().OverrideName, e.Message);
        Assert.EndsWith("--allow-it", Refused(path, new ModelLoadOptions { OverrideName = "--allow-it" }).Message);
    }

    [Fact]
    public void One_flipped_bit_anywhere_in_the_file_is_refused()
    {
        var cnn = new TinyCnn();
        using var dir = new TempDir();
        string path = cnn.Save(dir.Path);
        byte[] original = File.ReadAllBytes(path);
        int labels = IndexOf(original, Encoding.UTF8.GetBytes("\"siren\""));
        int hash = IndexOf(original, Encoding.UTF8.GetBytes(ModelDigest.Of(original).Recorded!));
        var rng = new Random(5);
        int mismatches = 0;
        for (int i = 0; i < original.Length; i++)
        {
            byte[] bytes = (byte[])original.Clone();
            bytes[i] ^= (byte)(1 << rng.Next(8));
            File.WriteAllBytes(path, bytes);
            ModelLoadException e = Refused(path);
            if (e.Message.Contains("SHA-256 mismatch", StringComparison.Ordinal))
            {
                mismatches++;
            }
        }

        // Header, graph, weights, metadata (labels) and the recorded hash itself: every flip is caught, most as a
        // hash mismatch (the others break the protobuf framing or the hash entry's key).
        Assert.True(mismatches > original.Length * 9 / 10, $"{mismatches} of {original.Length} flips reported as a mismatch");
        foreach (int at in new[] { 0, labels + 2, hash + 3, original.Length - 1 })
        {
            byte[] bytes = (byte[])original.Clone();
            bytes[at] ^= 0x02;
            File.WriteAllBytes(path, bytes);
            Refused(path);
        }
    }

    [Fact]
    public void A_model_without_a_hash_is_refused_unless_explicitly_allowed()
    {
        var cnn = new TinyCnn();
        using var dir = new TempDir();
        string path = dir.File("hand-made.onnx");
        cnn.Builder().Save(path);
        string computed = ModelDigest.Of(File.ReadAllBytes(path)).Computed;

        ModelLoadException e = Refused(path);
        Assert.Contains("records no SHA-256", e.Message);
        Assert.Contains(ModelMetadataKeys.ContentSha256, e.Message);
        Assert.Contains(computed, e.Message);

        using SoundClassifier classifier = SoundClassifier.Load(path, new ModelLoadOptions { AllowUnverified = true });
        Assert.Null(classifier.Digest.Recorded);
        Assert.Equal(computed, classifier.Digest.Computed);
        Assert.False(classifier.Digest.Matches);
    }

    [Fact]
    public void The_override_also_loads_a_mismatched_model_and_keeps_the_mismatch_visible()
    {
        var cnn = new TinyCnn();
        using var dir = new TempDir();
        string path = cnn.Save(dir.Path);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[IndexOf(bytes, BitConverter.GetBytes(cnn.DenseWeight(1)))] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        using SoundClassifier classifier = SoundClassifier.Load(path, new ModelLoadOptions { AllowUnverified = true });
        Assert.NotNull(classifier.Digest.Recorded);
        Assert.NotEqual(classifier.Digest.Recorded, classifier.Digest.Computed);
    }

    [Fact]
    public void A_hash_recorded_twice_is_refused()
    {
        byte[] once = ModelDigest.Seal(new TinyCnn().Builder().ToBytes());
        byte[] plainLength = new TinyCnn().Builder().ToBytes();
        byte[] twice = [.. once, .. once[plainLength.Length..]];
        InvalidDataException e = Assert.Throws<InvalidDataException>(() => ModelDigest.Of(twice));
        Assert.Contains("recorded twice", e.Message);
    }
}
