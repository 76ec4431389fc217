using System.Globalization;
using System.Text.Json;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;
using EdgeSound.Learning.Onnx;

namespace EdgeSound.Daemon.Tests.EndToEnd;

/// <summary>
/// A stand-in EdgeSound model file for host tests (no trained model needed): the window's loudest int8 value x
/// (scaled by 1/16) gives logits [2x - 6, 0] for labels [tone, background], then softmax. A 1 kHz tone at -13 dBFS
/// scores ~1.0 as "tone"; pink noise at -50 dBFS scores ~0. Written with its SHA-256 recorded, as the trainer does.
/// </summary>
internal static class LoudnessModel
{
    public const int WindowFrames = 62;

    /// <param name="toneThreshold">When set, the model carries this calibrated onset threshold for "tone"
    /// (<see cref="ModelMetadataKeys.ClassThresholds"/>) and is written as <c>loudness-thresholds.onnx</c>.</param>
    /// <param name="openSet">When set, the model carries this open-set rule (<see cref="ModelMetadataKeys.OpenSet"/>) and is
    /// written as <c>loudness-openset.onnx</c>.</param>
    /// <param name="seal">False: the model records no SHA-256 (a hand-made model) and is written as <c>loudness-unsealed.onnx</c>.</param>
    public static string Write(string directory, double? toneThreshold = null, OpenSetRule? openSet = null, bool seal = true)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, !seal ? "loudness-unsealed.onnx" : openSet is not null ? "loudness-openset.onnx" : toneThreshold is null ? "loudness.onnx" : "loudness-thresholds.onnx");
        var frontend = FrontendConfig.Default;
        var b = new OnnxGraphBuilder("loudness");
        b.AddInput(ModelMetadataKeys.InputName, OnnxElementType.Int8, -1, 1, WindowFrames, frontend.MelBands);
        b.AddInitializer("in_scale", [1f / 16f]);
        b.AddInitializer("in_zp", new sbyte[] { 0 });
        b.AddNode("DequantizeLinear", [ModelMetadataKeys.InputName, "in_scale", "in_zp"], ["x"]);
        b.AddNode("GlobalMaxPool", ["x"], ["gmp"]);
        b.AddNode("Flatten", ["gmp"], ["flat"], OnnxAttribute.Int("axis", 1));
        b.AddInitializer("w", [2f, 0f], 2, 1);
        b.AddInitializer("b", [-6f, 0f], 2);
        b.AddNode("Gemm", ["flat", "w", "b"], ["logits"], OnnxAttribute.Int("transB", 1));
        b.AddNode("Softmax", ["logits"], [ModelMetadataKeys.OutputName], OnnxAttribute.Int("axis", 1));
        b.AddOutput(ModelMetadataKeys.OutputName, OnnxElementType.Float, -1, 2);
        b.SetMetadata(ModelMetadataKeys.Labels, JsonSerializer.Serialize(new[] { "tone", "background" }));
        foreach (var (key, value) in frontend.ToMetadata())
        {
            b.SetMetadata(key, value);
        }

        b.SetMetadata(ModelMetadataKeys.WindowFrames, WindowFrames.ToString(CultureInfo.InvariantCulture));
        b.SetMetadata(ModelMetadataKeys.HopFrames, "31");
        b.SetMetadata(ModelMetadataKeys.MaxSilentFraction, "0.5");
        b.SetMetadata(ModelMetadataKeys.Training, "{\"folds\":[],\"epochs\":0,\"command\":\"test stand-in\",\"seconds\":0}");
        if (toneThreshold is { } t)
        {
            b.SetMetadata(ModelMetadataKeys.ClassThresholds, ModelThresholds.ToJson(["tone", "background"], new Dictionary<string, double> { ["tone"] = t }));
        }

        if (openSet is not null)
        {
            b.SetMetadata(ModelMetadataKeys.OpenSet, openSet.ToJson());
        }

        File.WriteAllBytes(path, seal ? ModelDigest.Seal(b.ToBytes()) : b.ToBytes());
        return path;
    }
}
