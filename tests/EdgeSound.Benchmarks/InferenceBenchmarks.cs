using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;
using EdgeSound.Learning.Onnx;

namespace EdgeSound.Benchmarks;

/// <summary>
/// One classifier window through ONNX Runtime on one core (intra-op threads = 1), with a model shaped like the
/// product's CNN: int8 [1, 1, 64, 64] -> conv3x3 1->32 -> pool -> 32->64 -> pool -> 64->128 -> pool -> 128->128
/// -> global average pool -> dense 128->50 -> softmax; random int8 weights per output channel, int32 biases.
/// <see cref="Int8Activations"/>: full QDQ (activations quantized after each ReLU and pool, so ORT runs int8
/// QLinearConv); <see cref="FloatActivations"/>: int8 weights only, float activations. Target: at most 2 ms.
/// Run: dotnet run -c Release --project tests/EdgeSound.Benchmarks -- --filter '*InferenceBenchmarks*'
/// (<c>ES_BENCH_MODEL=FILE.onnx</c> puts another trained model in <see cref="ShippedModel"/>'s place, to compare two).
/// </summary>
[MemoryDiagnoser]
[WarmupCount(3)]
[IterationCount(10)]
public class InferenceBenchmarks
{
    private const int Frames = 64;
    private const int Bands = 64;
    private const int Classes = 50;

    private string _dir = "";
    private SoundClassifier _int8 = null!;
    private SoundClassifier _float = null!;
    private SoundClassifier _shipped = null!;
    private readonly sbyte[] _window = new sbyte[Frames * Bands];
    private readonly float[] _scores = new float[Classes];
    private sbyte[] _shippedWindow = [];

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), $"es-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
        string int8Path = Path.Combine(_dir, "int8.onnx");
        string floatPath = Path.Combine(_dir, "float-activations.onnx");
        File.WriteAllBytes(int8Path, ModelDigest.Seal(ProductShapedCnn.Build(quantizeActivations: true).ToBytes()));
        File.WriteAllBytes(floatPath, ModelDigest.Seal(ProductShapedCnn.Build(quantizeActivations: false).ToBytes()));
        _int8 = SoundClassifier.Load(int8Path);
        _float = SoundClassifier.Load(floatPath);
        _shipped = SoundClassifier.Load(Environment.GetEnvironmentVariable("ES_BENCH_MODEL") is { Length: > 0 } other ? other : ShippedModelPath());
        _shippedWindow = new sbyte[_shipped.WindowLength];
        var rng = new Random(3);
        for (int i = 0; i < _window.Length; i++)
        {
            _window[i] = (sbyte)rng.Next(-100, 60);
        }

        for (int i = 0; i < _shippedWindow.Length; i++)
        {
            _shippedWindow[i] = _window[i % _window.Length];
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _int8.Dispose();
        _float.Dispose();
        _shipped.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public float Int8Activations()
    {
        _int8.Score(_window, _scores);
        return _scores[0];
    }

    [Benchmark]
    public float FloatActivations()
    {
        _float.Score(_window, _scores);
        return _scores[0];
    }

    /// <summary>
    /// The trained model the daemon ships with (firmware/models/edgesound.onnx, or ES_BENCH_MODEL), on a window of its
    /// own length made of the same values.
    /// </summary>
    [Benchmark]
    public float ShippedModel()
    {
        _shipped.Score(_shippedWindow, _scores);
        return _scores[0];
    }

    private static string ShippedModelPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "firmware", "models", "edgesound.onnx");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"firmware/models/edgesound.onnx not found above {AppContext.BaseDirectory}; run the benchmark from the repository");
    }

    /// <summary>Builds the benchmark model with the EdgeSound metadata contract (the caller records its SHA-256).</summary>
    private static class ProductShapedCnn
    {
        private const float InputScale = 0.1f;
        private const float ActivationScale = 0.05f;

        public static OnnxGraphBuilder Build(bool quantizeActivations)
        {
            var rng = new Random(42);
            var b = new OnnxGraphBuilder("product-shaped-cnn");
            b.AddInput(ModelMetadataKeys.InputName, OnnxElementType.Int8, -1, 1, Frames, Bands);
            b.AddInitializer("in_scale", [InputScale]);
            b.AddInitializer("in_zp", new sbyte[] { 0 });
            b.AddInitializer("act_scale", [ActivationScale]);
            b.AddInitializer("act_zp", new sbyte[] { -128 });
            b.AddNode("DequantizeLinear", [ModelMetadataKeys.InputName, "in_scale", "in_zp"], ["x0"]);

            int[] widths = [1, 32, 64, 128, 128];
            string x = "x0";
            float inScale = InputScale;
            for (int layer = 1; layer < widths.Length; layer++)
            {
                string conv = Conv(b, rng, $"conv{layer}", x, widths[layer - 1], widths[layer], inScale);
                b.AddNode("Relu", [conv], [$"relu{layer}"]);
                string act = $"relu{layer}";
                if (quantizeActivations)
                {
                    act = QuantizeDequantize(b, act);
                }

                if (layer < widths.Length - 1)
                {
                    b.AddNode("MaxPool", [act], [$"pool{layer}"],
                        OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2));
                    act = quantizeActivations ? QuantizeDequantize(b, $"pool{layer}") : $"pool{layer}";
                }

                x = act;
                inScale = quantizeActivations ? ActivationScale : 1f;
            }

            b.AddNode("GlobalAveragePool", [x], ["gap"]);
            b.AddNode("Flatten", ["gap"], ["flat"], OnnxAttribute.Int("axis", 1));
            var dense = new sbyte[Classes * 128];
            FillInt8(rng, dense);
            b.AddInitializer("dense_q", dense, Classes, 128);
            b.AddInitializer("dense_scale", [0.01f]);
            b.AddInitializer("dense_zp", new sbyte[] { 0 });
            b.AddNode("DequantizeLinear", ["dense_q", "dense_scale", "dense_zp"], ["dense_w"]);
            var bias = new float[Classes];
            b.AddInitializer("dense_b", bias, Classes);
            b.AddNode("Gemm", ["flat", "dense_w", "dense_b"], ["logits"], OnnxAttribute.Int("transB", 1));
            b.AddNode("Softmax", ["logits"], [ModelMetadataKeys.OutputName], OnnxAttribute.Int("axis", 1));
            b.AddOutput(ModelMetadataKeys.OutputName, OnnxElementType.Float, -1, Classes);

            var labels = new string[Classes];
            for (int k = 0; k < Classes; k++)
            {
                labels[k] = $"class{k:00}";
            }

            b.SetMetadata(ModelMetadataKeys.Labels, JsonSerializer.Serialize(labels));
            foreach ((string key, string value) in (FrontendConfig.Default with { MelBands = Bands }).ToMetadata())
            {
                b.SetMetadata(key, value);
            }

            b.SetMetadata(ModelMetadataKeys.WindowFrames, Frames.ToString(CultureInfo.InvariantCulture));
            b.SetMetadata(ModelMetadataKeys.HopFrames, (Frames / 2).ToString(CultureInfo.InvariantCulture));
            b.SetMetadata(ModelMetadataKeys.MaxSilentFraction, "0.5");
            return b;
        }

        private static string Conv(OnnxGraphBuilder b, Random rng, string name, string input, int cin, int cout, float inScale)
        {
            var w = new sbyte[cout * cin * 9];
            FillInt8(rng, w);
            var scale = new float[cout];
            var biasScale = new float[cout];
            var bias = new int[cout];
            float fanIn = cin * 9;
            for (int c = 0; c < cout; c++)
            {
                scale[c] = (float)(2.0 / (127 * Math.Sqrt(fanIn)) * (0.8 + (0.4 * rng.NextDouble())));
                biasScale[c] = inScale * scale[c];
                bias[c] = rng.Next(-500, 500);
            }

            b.AddInitializer($"{name}_wq", w, cout, cin, 3, 3);
            b.AddInitializer($"{name}_ws", scale, cout);
            b.AddInitializer($"{name}_wz", new sbyte[cout], cout);
            b.AddNode("DequantizeLinear", [$"{name}_wq", $"{name}_ws", $"{name}_wz"], [$"{name}_w"], OnnxAttribute.Int("axis", 0));
            b.AddInitializer($"{name}_bq", bias, cout);
            b.AddInitializer($"{name}_bs", biasScale, cout);
            b.AddInitializer($"{name}_bz", new int[cout], cout);
            b.AddNode("DequantizeLinear", [$"{name}_bq", $"{name}_bs", $"{name}_bz"], [$"{name}_b"], OnnxAttribute.Int("axis", 0));
            b.AddNode("Conv", [input, $"{name}_w", $"{name}_b"], [name],
                OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("pads", 1, 1, 1, 1));
            return name;
        }

        private static string QuantizeDequantize(OnnxGraphBuilder b, string input)
        {
            b.AddNode("QuantizeLinear", [input, "act_scale", "act_zp"], [$"{input}_q"]);
            b.AddNode("DequantizeLinear", [$"{input}_q", "act_scale", "act_zp"], [$"{input}_dq"]);
            return $"{input}_dq";
        }

        private static void FillInt8(Random rng, sbyte[] values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (sbyte)rng.Next(-127, 128);
            }
        }
    }
}
