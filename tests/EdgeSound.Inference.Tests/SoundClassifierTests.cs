using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Learning.Onnx;
using EdgeSound.Native.OnnxRuntime;
using Xunit;

namespace EdgeSound.Inference.Tests;

public sealed class SoundClassifierTests
{
    private static sbyte[] RandomWindow(int length, int seed)
    {
        var rng = new Random(seed);
        var w = new sbyte[length];
        for (int i = 0; i < w.Length; i++)
        {
            w[i] = (sbyte)rng.Next(-128, 128);
        }

        return w;
    }

    [Fact]
    public void Scores_match_a_plain_csharp_computation_of_the_same_network()
    {
        var cnn = new TinyCnn();
        using var dir = new TempDir();
        using SoundClassifier classifier = SoundClassifier.Load(cnn.Save(dir.Path));
        var scores = new float[cnn.Labels.Length];
        for (int seed = 0; seed < 5; seed++)
        {
            sbyte[] window = RandomWindow(classifier.WindowLength, seed);
            classifier.Score(window, scores);
            float[] expected = cnn.Reference(window);
            for (int k = 0; k < scores.Length; k++)
            {
                Assert.InRange(scores[k], expected[k] - 1e-4f, expected[k] + 1e-4f);
            }

            Assert.InRange(scores.Sum(), 0.9999f, 1.0001f);
        }
    }

    [Fact]
    public void Different_windows_give_different_scores()
    {
        var cnn = new TinyCnn(seed: 3);
        using var dir = new TempDir();
        using SoundClassifier classifier = SoundClassifier.Load(cnn.Save(dir.Path));
        var a = new float[3];
        var b = new float[3];
        classifier.Score(RandomWindow(classifier.WindowLength, 1), a);
        classifier.Score(RandomWindow(classifier.WindowLength, 2), b);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Metadata_round_trips_into_labels_frontend_and_plan()
    {
        var cnn = new TinyCnn(frames: 10, bands: 24, labels: ["a", "b", "c", "d"]);
        using var dir = new TempDir();
        using SoundClassifier classifier = SoundClassifier.Load(cnn.Save(dir.Path));
        Assert.Equal(["a", "b", "c", "d"], classifier.Labels);
        Assert.Equal(cnn.Frontend, classifier.Frontend);
        Assert.Equal(24, classifier.Frontend.MelBands);
        Assert.Equal(new WindowPlan(10, 5, 0.5), classifier.Plan);
        Assert.Equal(24, classifier.Bands);
        Assert.Equal(240, classifier.WindowLength);
        Assert.Equal(TinyCnn.TrainingJson, classifier.Metadata[ModelMetadataKeys.Training]);
        Assert.Equal(FrontendConfig.Default with { MelBands = 24 }, FrontendConfig.FromMetadata(classifier.Metadata));
    }

    [Fact]
    public void Score_checks_buffer_lengths()
    {
        using var dir = new TempDir();
        using SoundClassifier classifier = SoundClassifier.Load(new TinyCnn().Save(dir.Path));
        Assert.Throws<ArgumentException>(() => classifier.Score(new sbyte[classifier.WindowLength - 1], new float[3]));
        Assert.Throws<ArgumentException>(() => classifier.Score(new sbyte[classifier.WindowLength], new float[2]));
    }

    private static ModelLoadException Refused(string path)
    {
        ModelLoadException e = Assert.Throws<ModelLoadException>(() => SoundClassifier.Load(path));
        Assert.StartsWith(path, e.Message);
        Assert.Equal(path, e.ModelPath);
        return e;
    }

    [Fact]
    public void Truncated_model_is_refused_with_the_file_name_and_orts_message()
    {
        using var dir = new TempDir();
        byte[] bytes = new TinyCnn().Builder().ToBytes();
        string path = dir.File("truncated.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        ModelLoadException e = Refused(path);
        OrtException ort = Assert.IsType<OrtException>(e.InnerException);
        Assert.Contains(ort.OrtMessage, e.Message);
    }

    [Fact]
    public void Random_bytes_are_refused()
    {
        using var dir = new TempDir();
        var bytes = new byte[4096];
        new Random(11).NextBytes(bytes);
        string path = dir.File("random.onnx");
        File.WriteAllBytes(path, bytes);
        Assert.IsType<OrtException>(Refused(path).InnerException);
    }

    [Fact]
    public void Empty_and_missing_files_are_refused()
    {
        using var dir = new TempDir();
        string empty = dir.File("empty.onnx");
        File.WriteAllBytes(empty, []);
        Assert.Contains("empty", Refused(empty).Message);
        Assert.Contains("not found", Refused(dir.File("missing.onnx")).Message);
    }

    [Fact]
    public void Wrong_input_shape_or_type_is_refused()
    {
        using var dir = new TempDir();
        var cnn = new TinyCnn();

        var floatInput = new OnnxGraphBuilder();
        floatInput.AddInput(ModelMetadataKeys.InputName, OnnxElementType.Float, -1, 1, cnn.Frames, cnn.Bands);
        floatInput.AddNode("GlobalAveragePool", [ModelMetadataKeys.InputName], ["gap"]);
        floatInput.AddNode("Flatten", ["gap"], ["scores"]);
        floatInput.AddOutput("scores", OnnxElementType.Float, -1, 1);
        cnn.AddMetadata(floatInput);
        string path = dir.File("float-input.onnx");
        floatInput.Save(path);
        Assert.Contains("input must be int8 [N, 1, frames, bands]", Refused(path).Message);

        var rank3 = new OnnxGraphBuilder();
        rank3.AddInput(ModelMetadataKeys.InputName, OnnxElementType.Int8, -1, cnn.Frames, cnn.Bands);
        rank3.AddNode("Identity", [ModelMetadataKeys.InputName], ["scores"]);
        rank3.AddOutput("scores", OnnxElementType.Int8, -1, cnn.Frames, cnn.Bands);
        cnn.AddMetadata(rank3);
        path = dir.File("rank3.onnx");
        rank3.Save(path);
        Assert.Contains("input must be int8", Refused(path).Message);
    }

    [Fact]
    public void Missing_labels_metadata_is_refused()
    {
        using var dir = new TempDir();
        var cnn = new TinyCnn();
        OnnxGraphBuilder b = cnn.Builder(metadata: false);
        foreach ((string key, string value) in cnn.Frontend.ToMetadata())
        {
            b.SetMetadata(key, value);
        }

        string path = dir.File("no-labels.onnx");
        b.Save(path);
        Assert.Contains($"'{ModelMetadataKeys.Labels}' is missing", Refused(path).Message);
    }

    [Fact]
    public void Label_count_must_match_the_output()
    {
        using var dir = new TempDir();
        var cnn = new TinyCnn();
        OnnxGraphBuilder b = cnn.Builder();
        b.SetMetadata(ModelMetadataKeys.Labels, "[\"dog\",\"rain\"]");
        string path = dir.File("two-labels.onnx");
        b.Save(path);
        Assert.Contains("names 2 classes but the output has 3", Refused(path).Message);

        b.SetMetadata(ModelMetadataKeys.Labels, "{\"not\":\"an array\"}");
        b.Save(path);
        Assert.Contains("not a JSON array", Refused(path).Message);
    }

    [Fact]
    public void Frontend_and_window_metadata_must_agree_with_the_input()
    {
        using var dir = new TempDir();
        var cnn = new TinyCnn();
        OnnxGraphBuilder b = cnn.Builder();
        b.SetMetadata(ModelMetadataKeys.WindowFrames, "9");
        string path = dir.File("window.onnx");
        b.Save(path);
        Assert.Contains(ModelMetadataKeys.WindowFrames, Refused(path).Message);

        b = cnn.Builder();
        b.SetMetadata(FrontendConfig.Key(nameof(FrontendConfig.MelBands)), "20");
        b.Save(path);
        Assert.Contains("frontend.mel_bands", Refused(path).Message);

        b = cnn.Builder();
        b.SetMetadata(ModelMetadataKeys.MaxSilentFraction, "1.5");
        b.Save(path);
        Assert.Contains(ModelMetadataKeys.MaxSilentFraction, Refused(path).Message);
    }
}
