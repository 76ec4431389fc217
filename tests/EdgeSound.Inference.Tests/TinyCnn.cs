using System.Text.Json;
using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;
using EdgeSound.Learning.Onnx;

namespace EdgeSound.Inference.Tests;

/// <summary>
/// A small EdgeSound-shaped model with random weights, and the same computation written plainly in C#:
/// frames int8 [N,1,F,B] -> DequantizeLinear -> Conv 3x3 (pad 1; int8 weights per output channel, int32 bias, QDQ)
/// -> Relu -> GlobalAveragePool -> Flatten -> Gemm -> Softmax -> scores float [N, classes].
/// </summary>
internal sealed class TinyCnn
{
    public const float InputScale = 0.05f;

    private readonly sbyte[] _w;
    private readonly float[] _wScale;
    private readonly int[] _bias;
    private readonly float[] _dense;
    private readonly float[] _denseBias;

    public TinyCnn(int frames = 8, int bands = 16, int channels = 4, string[]? labels = null, int seed = 1)
    {
        Frames = frames;
        Bands = bands;
        Channels = channels;
        Labels = labels ?? ["dog", "rain", "siren"];
        var rng = new Random(seed);
        _w = new sbyte[channels * 9];
        for (int i = 0; i < _w.Length; i++)
        {
            _w[i] = (sbyte)rng.Next(-127, 128);
        }

        _wScale = new float[channels];
        _bias = new int[channels];
        for (int c = 0; c < channels; c++)
        {
            _wScale[c] = 0.002f + (0.001f * c);
            _bias[c] = rng.Next(-2000, 2000);
        }

        int classes = Labels.Length;
        _dense = new float[classes * channels];
        _denseBias = new float[classes];
        for (int i = 0; i < _dense.Length; i++)
        {
            _dense[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        for (int k = 0; k < classes; k++)
        {
            _denseBias[k] = (float)(rng.NextDouble() - 0.5);
        }

        Frontend = new FrontendConfig { MelBands = bands };
        Plan = new WindowPlan(frames, Math.Max(1, frames / 2), 0.5);
    }

    public int Frames { get; }

    public int Bands { get; }

    public int Channels { get; }

    public string[] Labels { get; }

    public FrontendConfig Frontend { get; }

    public WindowPlan Plan { get; }

    /// <summary>Weight <paramref name="index"/> of the dense layer ([classes, channels], row-major), as stored in the file.</summary>
    public float DenseWeight(int index) => _dense[index];

    public const string TrainingJson = "{\"folds\":[1,2,3],\"epochs\":2,\"command\":\"test\",\"seconds\":0.5}";

    /// <summary>The model builder, with the contract's metadata unless <paramref name="metadata"/> is false.</summary>
    public OnnxGraphBuilder Builder(bool metadata = true)
    {
        int classes = Labels.Length;
        var b = new OnnxGraphBuilder("tiny-cnn");
        b.AddInput(ModelMetadataKeys.InputName, OnnxElementType.Int8, -1, 1, Frames, Bands);
        b.AddInitializer("in_scale", [InputScale]);
        b.AddInitializer("in_zp", new sbyte[] { 0 });
        b.AddNode("DequantizeLinear", [ModelMetadataKeys.InputName, "in_scale", "in_zp"], ["x"]);

        b.AddInitializer("w_q", _w, Channels, 1, 3, 3);
        b.AddInitializer("w_scale", _wScale, Channels);
        b.AddInitializer("w_zp", new sbyte[Channels], Channels);
        b.AddNode("DequantizeLinear", ["w_q", "w_scale", "w_zp"], ["w"], OnnxAttribute.Int("axis", 0));

        var biasScale = new float[Channels];
        for (int c = 0; c < Channels; c++)
        {
            biasScale[c] = InputScale * _wScale[c];
        }

        b.AddInitializer("b_q", _bias, Channels);
        b.AddInitializer("b_scale", biasScale, Channels);
        b.AddInitializer("b_zp", new int[Channels], Channels);
        b.AddNode("DequantizeLinear", ["b_q", "b_scale", "b_zp"], ["b"], OnnxAttribute.Int("axis", 0));

        b.AddNode("Conv", ["x", "w", "b"], ["conv"],
            OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("pads", 1, 1, 1, 1));
        b.AddNode("Relu", ["conv"], ["relu"]);
        b.AddNode("GlobalAveragePool", ["relu"], ["gap"]);
        b.AddNode("Flatten", ["gap"], ["flat"], OnnxAttribute.Int("axis", 1));
        b.AddInitializer("dense_w", _dense, classes, Channels);
        b.AddInitializer("dense_b", _denseBias, classes);
        b.AddNode("Gemm", ["flat", "dense_w", "dense_b"], ["logits"], OnnxAttribute.Int("transB", 1));
        b.AddNode("Softmax", ["logits"], [ModelMetadataKeys.OutputName], OnnxAttribute.Int("axis", 1));
        b.AddOutput(ModelMetadataKeys.OutputName, OnnxElementType.Float, -1, classes);
        if (metadata)
        {
            AddMetadata(b);
        }

        return b;
    }

    public void AddMetadata(OnnxGraphBuilder b)
    {
        b.SetMetadata(ModelMetadataKeys.Labels, JsonSerializer.Serialize(Labels));
        foreach ((string key, string value) in Frontend.ToMetadata())
        {
            b.SetMetadata(key, value);
        }

        b.SetMetadata(ModelMetadataKeys.WindowFrames, Plan.WindowFrames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.SetMetadata(ModelMetadataKeys.HopFrames, Plan.HopFrames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        b.SetMetadata(ModelMetadataKeys.MaxSilentFraction, "0.5");
        b.SetMetadata(ModelMetadataKeys.Training, TrainingJson);
    }

    /// <summary>The model's output for one window, computed directly in double precision.</summary>
    public float[] Reference(ReadOnlySpan<sbyte> window)
    {
        int h = Frames;
        int w = Bands;
        var pooled = new double[Channels];
        for (int c = 0; c < Channels; c++)
        {
            double bias = _bias[c] * (double)(InputScale * _wScale[c]);
            double sum = 0;
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    double acc = bias;
                    for (int ky = 0; ky < 3; ky++)
                    {
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int yy = y + ky - 1;
                            int xx = x + kx - 1;
                            if (yy < 0 || yy >= h || xx < 0 || xx >= w)
                            {
                                continue;
                            }

                            double input = InputScale * window[(yy * w) + xx];
                            double weight = _wScale[c] * _w[(c * 9) + (ky * 3) + kx];
                            acc += input * weight;
                        }
                    }

                    sum += Math.Max(0, acc);
                }
            }

            pooled[c] = sum / (h * w);
        }

        int classes = Labels.Length;
        var logits = new double[classes];
        double max = double.NegativeInfinity;
        for (int k = 0; k < classes; k++)
        {
            double z = _denseBias[k];
            for (int c = 0; c < Channels; c++)
            {
                z += _dense[(k * Channels) + c] * pooled[c];
            }

            logits[k] = z;
            max = Math.Max(max, z);
        }

        double total = 0;
        for (int k = 0; k < classes; k++)
        {
            logits[k] = Math.Exp(logits[k] - max);
            total += logits[k];
        }

        var p = new float[classes];
        for (int k = 0; k < classes; k++)
        {
            p[k] = (float)(logits[k] / total);
        }

        return p;
    }

    /// <summary>Writes the model with its SHA-256 recorded, as the trainer does.</summary>
    public string Save(string dir, string name = "tiny.onnx")
    {
        string path = Path.Combine(dir, name);
        SaveSealed(Builder(), path);
        return path;
    }

    /// <summary>Writes <paramref name="builder"/>'s model to <paramref name="path"/> with its SHA-256 recorded.</summary>
    public static void SaveSealed(OnnxGraphBuilder builder, string path) =>
        File.WriteAllBytes(path, ModelDigest.Seal(builder.ToBytes()));
}

/// <summary>A temporary folder deleted at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"es-inference-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
