using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Learning.Onnx;
using Microsoft.ML.OnnxRuntime;
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
    public void Scoring_allocates_nothing_per_window()
    {
        using var dir = new TempDir();
        using SoundClassifier classifier = SoundClassifier.Load(new TinyCnn().Save(dir.Path));
        sbyte[] window = RandomWindow(classifier.WindowLength, 9);
        var scores = new float[3];
        for (int i = 0; i < 20; i++)
        {
            classifier.Score(window, scores);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 500; i++)
        {
            window[i % window.Length]++;
            classifier.Score(window, scores);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"{allocated} bytes over 500 windows");
    }

    [Fact]
    public void One_session_per_thread_scores_like_a_single_session()
    {
        var cnn = new TinyCnn(seed: 4);
        using var dir = new TempDir();
        string path = cnn.Save(dir.Path);
        sbyte[][] windows = [.. Enumerable.Range(0, 64).Select(s => RandomWindow(cnn.Frames * cnn.Bands, s))];
        var sequential = new float[windows.Length][];
        using (SoundClassifier one = SoundClassifier.Load(path))
        {
            for (int i = 0; i < windows.Length; i++)
            {
                sequential[i] = new float[3];
                one.Score(windows[i], sequential[i]);
            }
        }

        var parallel = new float[windows.Length][];
        const int workers = 4;
        SoundClassifier[] sessions = [.. Enumerable.Range(0, workers).Select(_ => SoundClassifier.Load(path))];
        try
        {
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
            {
                for (int i = w; i < windows.Length; i += workers)
                {
                    parallel[i] = new float[3];
                    sessions[w].Score(windows[i], parallel[i]);
                }
            });
        }
        finally
        {
            foreach (SoundClassifier s in sessions)
            {
                s.Dispose();
            }
        }

        Assert.Equal(sequential, parallel);
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
    public void Truncated_model_is_refused_with_the_file_name_and_the_parse_error()
    {
        using var dir = new TempDir();
        byte[] bytes = ModelDigest.Seal(new TinyCnn().Builder().ToBytes());
        string path = dir.File("truncated.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        ModelLoadException e = Refused(path);
        Assert.IsType<InvalidDataException>(e.InnerException);
        Assert.Contains("not an ONNX model file", e.Message);
        Assert.Contains(e.InnerException!.Message, e.Message);
    }

    [Fact]
    public void Random_bytes_are_refused()
    {
        using var dir = new TempDir();
        var bytes = new byte[4096];
        new Random(11).NextBytes(bytes);
        string path = dir.File("random.onnx");
        File.WriteAllBytes(path, bytes);
        Assert.Contains("not an ONNX model file", Refused(path).Message);
    }

    [Fact]
    public void A_model_onnx_runtime_cannot_load_is_refused_with_orts_message()
    {
        using var dir = new TempDir();
        var cnn = new TinyCnn();
        var b = new OnnxGraphBuilder("unknown-op");
        b.AddInput(ModelMetadataKeys.InputName, OnnxElementType.Int8, -1, 1, cnn.Frames, cnn.Bands);
        b.AddNode("NoSuchOperator", [ModelMetadataKeys.InputName], [ModelMetadataKeys.OutputName]);
        b.AddOutput(ModelMetadataKeys.OutputName, OnnxElementType.Float, -1, 3);
        cnn.AddMetadata(b);
        string path = dir.File("unknown-op.onnx");
        TinyCnn.SaveSealed(b, path);
        ModelLoadException e = Refused(path);
        OnnxRuntimeException ort = Assert.IsType<OnnxRuntimeException>(e.InnerException);
        Assert.Contains(ort.Message, e.Message);
        Assert.Contains("NoSuchOperator", e.Message);
    }

    [Fact]
    public void Onnx_runtime_is_the_packaged_library()
    {
        Assert.Equal("1.31.1", SoundClassifier.RuntimeVersion);
    }

    [Fact]
    public void Empty_and_missing_files_and_directories_are_refused()
    {
        using var dir = new TempDir();
        string empty = dir.File("empty.onnx");
        File.WriteAllBytes(empty, []);
        Assert.Contains("empty", Refused(empty).Message);
        Assert.Contains("not found", Refused(dir.File("missing.onnx")).Message);
        string folder = dir.File("folder.onnx");
        Directory.CreateDirectory(folder);
        Assert.Contains("is a directory, not a model file", Refused(folder).Message);
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
        TinyCnn.SaveSealed(floatInput, path);
        Assert.Contains("input must be int8 [N, 1, frames, bands]", Refused(path).Message);

        var rank3 = new OnnxGraphBuilder();
        rank3.AddInput(ModelMetadataKeys.InputName, OnnxElementType.Int8, -1, cnn.Frames, cnn.Bands);
        rank3.AddNode("Identity", [ModelMetadataKeys.InputName], ["scores"]);
        rank3.AddOutput("scores", OnnxElementType.Int8, -1, cnn.Frames, cnn.Bands);
        cnn.AddMetadata(rank3);
        path = dir.File("rank3.onnx");
        TinyCnn.SaveSealed(rank3, path);
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
        TinyCnn.SaveSealed(b, path);
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
        TinyCnn.SaveSealed(b, path);
        Assert.Contains("names 2 classes but the output has 3", Refused(path).Message);

        b.SetMetadata(ModelMetadataKeys.Labels, "{\"not\":\"an array\"}");
        TinyCnn.SaveSealed(b, path);
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
        TinyCnn.SaveSealed(b, path);
        Assert.Contains(ModelMetadataKeys.WindowFrames, Refused(path).Message);

        b = cnn.Builder();
        b.SetMetadata(FrontendConfig.Key(nameof(FrontendConfig.MelBands)), "20");
        TinyCnn.SaveSealed(b, path);
        Assert.Contains("frontend.mel_bands", Refused(path).Message);

        b = cnn.Builder();
        b.SetMetadata(ModelMetadataKeys.MaxSilentFraction, "1.5");
        TinyCnn.SaveSealed(b, path);
        Assert.Contains(ModelMetadataKeys.MaxSilentFraction, Refused(path).Message);

        foreach (string bad in new[] { "-0.5", "5", "NaN", "quarter" })
        {
            b = cnn.Builder();
            b.SetMetadata(ModelMetadataKeys.LevelWeightExponent, bad);
            TinyCnn.SaveSealed(b, path);
            string message = Refused(path).Message;
            Assert.Contains(ModelMetadataKeys.LevelWeightExponent, message);
            Assert.Contains($"'{bad}'", message);
        }
    }

    [Theory]
    [InlineData("22050")]
    [InlineData("48000")]
    [InlineData("15999")]
    public void A_frontend_sample_rate_other_than_the_16_khz_every_model_is_fed_is_refused_naming_key_and_value(string rate)
    {
        using var dir = new TempDir();
        OnnxGraphBuilder b = new TinyCnn().Builder();
        b.SetMetadata(FrontendConfig.Key(nameof(FrontendConfig.SampleRate)), rate);
        string path = dir.File("rate.onnx");
        TinyCnn.SaveSealed(b, path);
        Assert.Equal($"{path}: metadata 'frontend.sample_rate' = '{rate}': every model's frontend is fed {SoundClassifier.SampleRate} Hz audio "
            + "(the daemon resamples its input to it, the trainer its clips), so its mel bands and times would be wrong", Refused(path).Message);
    }

    /// <summary>
    /// A model shaped like an EdgeSound model whose output is <paramref name="activation"/> of logits
    /// [2x - 6, 0, 1 - x] for labels [dog, rain, siren], x the window's loudest value times <paramref name="inputScale"/>.
    /// </summary>
    private static string LoudestValueModel(TempDir dir, string activation, float inputScale = TinyCnn.InputScale)
    {
        var cnn = new TinyCnn();
        var b = new OnnxGraphBuilder("loudest");
        b.AddInput(ModelMetadataKeys.InputName, OnnxElementType.Int8, -1, 1, cnn.Frames, cnn.Bands);
        b.AddInitializer("in_scale", [inputScale]);
        b.AddInitializer("in_zp", new sbyte[] { 0 });
        b.AddNode("DequantizeLinear", [ModelMetadataKeys.InputName, "in_scale", "in_zp"], ["x"]);
        b.AddNode("GlobalMaxPool", ["x"], ["gmp"]);
        b.AddNode("Flatten", ["gmp"], ["flat"], OnnxAttribute.Int("axis", 1));
        b.AddInitializer("w", [2f, 0f, -1f], 3, 1);
        b.AddInitializer("b", [-6f, 0f, 1f], 3);
        b.AddNode("Gemm", ["flat", "w", "b"], ["logits"], OnnxAttribute.Int("transB", 1));
        b.AddNode(activation, ["logits"], [ModelMetadataKeys.OutputName]);
        b.AddOutput(ModelMetadataKeys.OutputName, OnnxElementType.Float, -1, cnn.Labels.Length);
        cnn.AddMetadata(b);
        string path = dir.File($"{activation.ToLowerInvariant()}.onnx");
        TinyCnn.SaveSealed(b, path);
        return path;
    }

    [Fact]
    public void A_model_whose_scores_are_probabilities_loads()
    {
        using var dir = new TempDir();
        using SoundClassifier classifier = SoundClassifier.Load(LoudestValueModel(dir, "Softmax"));
        Assert.Equal(["dog", "rain", "siren"], classifier.Labels);
    }

    [Fact]
    public void A_model_that_outputs_logits_not_probabilities_is_refused_naming_the_label_and_score()
    {
        using var dir = new TempDir();
        string path = LoudestValueModel(dir, "Identity");
        Assert.Equal($"{path}: output 'scores' is not one probability per label: for a silent window (every value -128) it gives -18.8 for 'dog' "
            + "(scores must be finite, in [0, 1] and sum to 1; a graph without its final Softmax?)", Refused(path).Message);
    }

    [Fact]
    public void A_model_whose_scores_do_not_sum_to_one_is_refused()
    {
        using var dir = new TempDir();
        string path = LoudestValueModel(dir, "Sigmoid");
        Assert.Contains($"{path}: output 'scores' is not one probability per label: for a silent window (every value -128) its scores sum to 1.5", Refused(path).Message);
    }

    [Fact]
    public void A_model_that_scores_nan_is_refused()
    {
        using var dir = new TempDir();
        string path = LoudestValueModel(dir, "Softmax", inputScale: float.NaN);
        Assert.StartsWith($"{path}: output 'scores' is not one probability per label: for a silent window (every value -128) it gives NaN for 'dog'", Refused(path).Message);
    }

    [Fact]
    public void A_hop_longer_than_the_window_is_refused_naming_both_keys_and_values()
    {
        using var dir = new TempDir();
        var cnn = new TinyCnn();
        OnnxGraphBuilder b = cnn.Builder();
        b.SetMetadata(ModelMetadataKeys.HopFrames, $"{cnn.Frames + 1}");
        string path = dir.File("gaps.onnx");
        TinyCnn.SaveSealed(b, path);
        string message = Refused(path).Message;
        Assert.Equal($"{path}: metadata '{ModelMetadataKeys.HopFrames}' = '{cnn.Frames + 1}' is larger than '{ModelMetadataKeys.WindowFrames}' = '{cnn.Frames}': "
            + "the audio between windows would go unheard", message);
    }

    [Fact]
    public void The_energy_weighting_exponent_is_read_and_defaults_to_the_plain_mean()
    {
        using var dir = new TempDir();
        var cnn = new TinyCnn();
        using (SoundClassifier without = SoundClassifier.Load(cnn.Save(dir.Path)))
        {
            Assert.Equal(0, without.Plan.LevelWeightExponent);
        }

        OnnxGraphBuilder b = cnn.Builder();
        b.SetMetadata(ModelMetadataKeys.LevelWeightExponent, "0.25");
        string path = dir.File("weighted.onnx");
        TinyCnn.SaveSealed(b, path);
        using SoundClassifier weighted = SoundClassifier.Load(path);
        Assert.Equal(0.25, weighted.Plan.LevelWeightExponent);
    }
}
