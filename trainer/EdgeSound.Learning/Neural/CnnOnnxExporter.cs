using EdgeSound.Inference;
using EdgeSound.Learning.Onnx;

namespace EdgeSound.Learning.Neural;

/// <summary>
/// Writes a <see cref="QuantizedCnn"/> as an ONNX QDQ graph (opset 13):
/// <code>
/// frames int8 [N,1,F,B] → DequantizeLinear(InputScale, 0)
///   → per convolution unit: Conv(DQ(int8 W, per-channel), DQ(int32 bias)) → Relu → Q/DQ(uint8) [→ MaxPool 2×2 → Q/DQ]
///   → global pooling → Q/DQ(uint8) → Flatten → Gemm(DQ(int8 W), DQ(int32 bias), transB=1) → Softmax → scores [N,C]
/// </code>
/// Global pooling is GlobalAveragePool, or for <see cref="GlobalPooling.AverageMaxOverFrames"/> ReduceMean over the bands
/// (axis 3), then the sum of ReduceMean and ReduceMax of that over the frames (axis 2), all with keepdims = 1.
/// A full unit's Conv is 3×3 with W [Cout, Cin, 3, 3]; a depthwise one is 3×3 with group = C and W [C, 1, 3, 3]; a
/// pointwise one is 1×1 with W [Cout, Cin, 1, 1] and no padding.
/// Weights and biases leave out their (optional, all-zero) zero points, which keeps the file within 256 KB.
/// Every tensor value in the graph equals the one <see cref="QuantizedCnn.Score"/> computes.
/// </summary>
public static class CnnOnnxExporter
{
    /// <summary>The model file's bytes: <see cref="Build"/> serialized, with its SHA-256 recorded
    /// (<see cref="ModelDigest.Seal"/>), ready to write.</summary>
    public static byte[] Export(QuantizedCnn model, IEnumerable<KeyValuePair<string, string>> metadata) =>
        ModelDigest.Seal(Build(model, metadata).ToBytes());

    public static OnnxGraphBuilder Build(QuantizedCnn model, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        CnnArchitecture arch = model.Architecture;
        var g = new OnnxGraphBuilder("edgesound_cnn") { DocString = "EdgeSound int8 CNN over int8 log-mel windows (QDQ)." };
        g.AddInput(ModelMetadataKeys.InputName, OnnxElementType.Int8, -1, 1, arch.Frames, arch.Bands);
        g.AddInitializer("input_scale", [arch.InputScale]);
        g.AddInitializer("input_zero_point", [(sbyte)0]);
        g.AddNode("DequantizeLinear", [ModelMetadataKeys.InputName, "input_scale", "input_zero_point"], ["input_dq"]);
        string x = "input_dq";
        IReadOnlyList<ConvolutionUnit> units = arch.Units();
        for (int b = 0; b < model.Convolutions.Count; b++)
        {
            QuantizedLayer layer = model.Convolutions[b];
            ConvolutionUnit unit = units[b];
            int cout = layer.Outputs;
            int k = unit.Kind.KernelSize();
            int group = unit.Kind == ConvolutionKind.Depthwise ? cout : 1;
            int cinPerGroup = unit.InputChannels / group;
            string p = $"conv{b + 1}";
            g.AddInitializer(p + "_w", ToOihw(layer.Weights, cinPerGroup, cout, k), cout, cinPerGroup, k, k);
            g.AddInitializer(p + "_w_scale", layer.WeightScales, cout);
            g.AddInitializer(p + "_b", layer.Bias, cout);
            g.AddInitializer(p + "_b_scale", layer.BiasScales, cout);
            g.AddNode("DequantizeLinear", [p + "_w", p + "_w_scale"], [p + "_w_dq"], OnnxAttribute.Int("axis", 0));
            g.AddNode("DequantizeLinear", [p + "_b", p + "_b_scale"], [p + "_b_dq"], OnnxAttribute.Int("axis", 0));
            int pad = (k - 1) / 2;
            List<OnnxAttribute> attributes = [OnnxAttribute.Ints("kernel_shape", k, k), OnnxAttribute.Ints("pads", pad, pad, pad, pad), OnnxAttribute.Ints("strides", 1, 1)];
            if (group > 1)
            {
                attributes.Add(OnnxAttribute.Int("group", group));
            }

            g.AddNode("Conv", [x, p + "_w_dq", p + "_b_dq"], [p + "_out"], [.. attributes]);
            g.AddNode("Relu", [p + "_out"], [p + "_relu"]);
            string scale = $"act{b + 1}_scale", zero = $"act{b + 1}_zero_point";
            g.AddInitializer(scale, [model.ActivationScales[b]]);
            g.AddInitializer(zero, [(byte)0]);
            x = QuantDequant(g, p + "_relu", scale, zero);
            if (unit.Pool)
            {
                g.AddNode("MaxPool", [x], [p + "_pool"], OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2));
                x = QuantDequant(g, p + "_pool", scale, zero);
            }
        }

        Pool(g, arch.GlobalPooling, x, "gap");
        g.AddInitializer("gap_scale", [model.ActivationScales[^1]]);
        g.AddInitializer("gap_zero_point", [(byte)0]);
        x = QuantDequant(g, "gap", "gap_scale", "gap_zero_point");
        g.AddNode("Flatten", [x], ["features"], OnnxAttribute.Int("axis", 1));
        QuantizedLayer head = model.Head;
        g.AddInitializer("dense_w", Transpose(head.Weights, head.Inputs, head.Outputs), head.Outputs, head.Inputs);
        g.AddInitializer("dense_w_scale", head.WeightScales, head.Outputs);
        g.AddInitializer("dense_b", head.Bias, head.Outputs);
        g.AddInitializer("dense_b_scale", head.BiasScales, head.Outputs);
        g.AddNode("DequantizeLinear", ["dense_w", "dense_w_scale"], ["dense_w_dq"], OnnxAttribute.Int("axis", 0));
        g.AddNode("DequantizeLinear", ["dense_b", "dense_b_scale"], ["dense_b_dq"], OnnxAttribute.Int("axis", 0));
        g.AddNode("Gemm", ["features", "dense_w_dq", "dense_b_dq"], ["logits"], OnnxAttribute.Int("transB", 1));
        g.AddNode("Softmax", ["logits"], [ModelMetadataKeys.OutputName], OnnxAttribute.Int("axis", 1));
        g.AddOutput(ModelMetadataKeys.OutputName, OnnxElementType.Float, -1, arch.Classes);
        foreach (KeyValuePair<string, string> kv in metadata)
        {
            g.SetMetadata(kv.Key, kv.Value);
        }

        return g;
    }

    /// <summary>The nodes of <paramref name="pooling"/> from <paramref name="input"/> [N, C, frames, bands] to <paramref name="output"/> [N, C, 1, 1].</summary>
    private static void Pool(OnnxGraphBuilder g, GlobalPooling pooling, string input, string output)
    {
        if (pooling == GlobalPooling.Average)
        {
            g.AddNode("GlobalAveragePool", [input], [output]);
            return;
        }

        g.AddNode("ReduceMean", [input], ["band_mean"], OnnxAttribute.Ints("axes", 3), OnnxAttribute.Int("keepdims", 1));
        g.AddNode("ReduceMean", ["band_mean"], ["frame_mean"], OnnxAttribute.Ints("axes", 2), OnnxAttribute.Int("keepdims", 1));
        g.AddNode("ReduceMax", ["band_mean"], ["frame_max"], OnnxAttribute.Ints("axes", 2), OnnxAttribute.Int("keepdims", 1));
        g.AddNode("Add", ["frame_mean", "frame_max"], [output]);
    }

    private static string QuantDequant(OnnxGraphBuilder g, string input, string scale, string zero)
    {
        g.AddNode("QuantizeLinear", [input, scale, zero], [input + "_q"]);
        g.AddNode("DequantizeLinear", [input + "_q", scale, zero], [input + "_dq"]);
        return input + "_dq";
    }

    /// <summary>Engine layout [(ky, kx, cin), cout] → ONNX [cout, cin, ky, kx] for a <paramref name="kernel"/>² kernel
    /// (a depthwise kernel's [(ky, kx), C] is the case cin = 1).</summary>
    public static sbyte[] ToOihw(sbyte[] weights, int cin, int cout, int kernel = 3)
    {
        var result = new sbyte[weights.Length];
        int taps = kernel * kernel;
        for (int t = 0; t < taps; t++)
        {
            for (int ci = 0; ci < cin; ci++)
            {
                for (int co = 0; co < cout; co++)
                {
                    result[(co * cin + ci) * taps + t] = weights[(t * cin + ci) * cout + co];
                }
            }
        }

        return result;
    }

    private static sbyte[] Transpose(sbyte[] weights, int rows, int cols)
    {
        var result = new sbyte[weights.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                result[c * rows + r] = weights[r * cols + c];
            }
        }

        return result;
    }
}
