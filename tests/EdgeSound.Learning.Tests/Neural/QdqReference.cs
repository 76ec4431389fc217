using EdgeSound.Learning.Onnx.Proto;

namespace EdgeSound.Learning.Tests.Neural;

/// <summary>
/// A deliberately plain interpreter for the operators the CNN exporter emits (ONNX semantics, NCHW, batch 1),
/// written from the operator definitions and independent of the engine, to check the exported graph.
/// </summary>
internal static class QdqReference
{
    private sealed record Value(float[] Data, int[] Shape, int Type);

    public static float[] Run(ModelProto model, sbyte[] frames, int height, int width)
    {
        var values = new Dictionary<string, Value>();
        foreach (TensorProto t in model.Graph.Initializer)
        {
            values[t.Name] = Decode(t);
        }

        values["frames"] = new Value([.. frames.Select(v => (float)v)], [1, 1, height, width], 3);
        foreach (NodeProto node in model.Graph.Node)
        {
            Value[] inputs = [.. node.Input.Select(n => values[n])];
            values[node.Output[0]] = node.OpType switch
            {
                "DequantizeLinear" => Dequantize(inputs, Axis(node)),
                "QuantizeLinear" => Quantize(inputs),
                "Conv" => Conv(inputs[0], inputs[1], inputs[2], (int)(node.Attribute.FirstOrDefault(a => a.Name == "group")?.I ?? 1)),
                "Relu" => new Value([.. inputs[0].Data.Select(v => Math.Max(v, 0f))], inputs[0].Shape, 1),
                "MaxPool" => MaxPool(inputs[0]),
                "GlobalAveragePool" => GlobalAverage(inputs[0]),
                "ReduceMean" => Reduce(inputs[0], Axes(node), mean: true),
                "ReduceMax" => Reduce(inputs[0], Axes(node), mean: false),
                "Add" => new Value([.. inputs[0].Data.Zip(inputs[1].Data, (a, b) => a + b)], inputs[0].Shape, 1),
                "Flatten" => new Value(inputs[0].Data, [1, inputs[0].Data.Length], 1),
                "Gemm" => Gemm(inputs[0], inputs[1], inputs[2]),
                "Softmax" => Softmax(inputs[0]),
                _ => throw new NotSupportedException(node.OpType),
            };
        }

        return values[model.Graph.Output[0].Name].Data;
    }

    private static long Axis(NodeProto node) => node.Attribute.FirstOrDefault(a => a.Name == "axis")?.I ?? 1;

    private static Value Decode(TensorProto t)
    {
        byte[] raw = t.RawData.ToByteArray();
        float[] data = t.DataType switch
        {
            1 => [.. Enumerable.Range(0, raw.Length / 4).Select(i => BitConverter.ToSingle(raw, 4 * i))],
            2 => [.. raw.Select(b => (float)b)],
            3 => [.. raw.Select(b => (float)(sbyte)b)],
            6 => [.. Enumerable.Range(0, raw.Length / 4).Select(i => (float)BitConverter.ToInt32(raw, 4 * i))],
            _ => throw new NotSupportedException($"type {t.DataType}"),
        };
        return new Value(data, [.. t.Dims.Select(d => (int)d)], t.DataType);
    }

    private static Value Dequantize(Value[] x, long axis)
    {
        Value v = x[0], scale = x[1];
        float[] zero = x.Length > 2 ? x[2].Data : new float[scale.Data.Length];
        var y = new float[v.Data.Length];
        int inner = 1;
        if (scale.Data.Length > 1)
        {
            for (int d = (int)axis + 1; d < v.Shape.Length; d++)
            {
                inner *= v.Shape[d];
            }
        }

        for (int i = 0; i < y.Length; i++)
        {
            int c = scale.Data.Length > 1 ? i / inner % scale.Data.Length : 0;
            y[i] = (v.Data[i] - zero[c]) * scale.Data[c];
        }

        return new Value(y, v.Shape, 1);
    }

    private static Value Quantize(Value[] x)
    {
        float s = x[1].Data[0], z = x[2].Data[0];
        (float lo, float hi) = x[2].Type == 2 ? (0f, 255f) : (-128f, 127f);
        return new Value([.. x[0].Data.Select(v => Math.Clamp(MathF.Round(v / s) + z, lo, hi))], x[0].Shape, x[2].Type);
    }

    /// <summary>ONNX Conv, stride 1, "same" padding (k - 1) / 2, W [Cout, Cin / group, k, k]: output channel o reads
    /// the input channels of its group, o / (Cout / group).</summary>
    private static Value Conv(Value x, Value w, Value b, int group)
    {
        int h = x.Shape[2], wd = x.Shape[3], cout = w.Shape[0], cinPerGroup = w.Shape[1], k = w.Shape[2], pad = (k - 1) / 2;
        var y = new float[cout * h * wd];
        for (int o = 0; o < cout; o++)
        {
            int firstInput = o / (cout / group) * cinPerGroup;
            for (int i = 0; i < h; i++)
            {
                for (int j = 0; j < wd; j++)
                {
                    double s = b.Data[o];
                    for (int c = 0; c < cinPerGroup; c++)
                    {
                        for (int ky = 0; ky < k; ky++)
                        {
                            for (int kx = 0; kx < k; kx++)
                            {
                                int yy = i + ky - pad, xx = j + kx - pad;
                                if (yy >= 0 && yy < h && xx >= 0 && xx < wd)
                                {
                                    s += x.Data[((firstInput + c) * h + yy) * wd + xx] * w.Data[((o * cinPerGroup + c) * k + ky) * k + kx];
                                }
                            }
                        }
                    }

                    y[(o * h + i) * wd + j] = (float)s;
                }
            }
        }

        return new Value(y, [1, cout, h, wd], 1);
    }

    private static Value MaxPool(Value x)
    {
        int c = x.Shape[1], h = x.Shape[2] / 2, w = x.Shape[3] / 2, iw = x.Shape[3], ih = x.Shape[2];
        var y = new float[c * h * w];
        for (int k = 0; k < c; k++)
        {
            for (int i = 0; i < h; i++)
            {
                for (int j = 0; j < w; j++)
                {
                    float m = float.NegativeInfinity;
                    for (int dy = 0; dy < 2; dy++)
                    {
                        for (int dx = 0; dx < 2; dx++)
                        {
                            m = Math.Max(m, x.Data[(k * ih + 2 * i + dy) * iw + 2 * j + dx]);
                        }
                    }

                    y[(k * h + i) * w + j] = m;
                }
            }
        }

        return new Value(y, [1, c, h, w], 1);
    }

    private static int Axes(NodeProto node) => (int)node.Attribute.Single(a => a.Name == "axes").Ints.Single();

    /// <summary>ReduceMean or ReduceMax over one axis of an NCHW tensor, keepdims = 1.</summary>
    private static Value Reduce(Value x, int axis, bool mean)
    {
        int[] shape = [.. x.Shape];
        int outer = shape.Take(axis).Aggregate(1, (a, b) => a * b), length = shape[axis], inner = shape.Skip(axis + 1).Aggregate(1, (a, b) => a * b);
        var y = new float[outer * inner];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                double acc = mean ? 0 : double.NegativeInfinity;
                for (int k = 0; k < length; k++)
                {
                    double v = x.Data[(o * length + k) * inner + i];
                    acc = mean ? acc + v : Math.Max(acc, v);
                }

                y[o * inner + i] = (float)(mean ? acc / length : acc);
            }
        }

        shape[axis] = 1;
        return new Value(y, shape, 1);
    }

    private static Value GlobalAverage(Value x)
    {
        int c = x.Shape[1], n = x.Shape[2] * x.Shape[3];
        var y = new float[c];
        for (int k = 0; k < c; k++)
        {
            double s = 0;
            for (int i = 0; i < n; i++)
            {
                s += x.Data[k * n + i];
            }

            y[k] = (float)(s / n);
        }

        return new Value(y, [1, c, 1, 1], 1);
    }

    private static Value Gemm(Value a, Value b, Value c)
    {
        int n = b.Shape[0], k = b.Shape[1];
        var y = new float[n];
        for (int o = 0; o < n; o++)
        {
            double s = c.Data[o];
            for (int i = 0; i < k; i++)
            {
                s += a.Data[i] * b.Data[o * k + i];
            }

            y[o] = (float)s;
        }

        return new Value(y, [1, n], 1);
    }

    private static Value Softmax(Value x)
    {
        float max = x.Data.Max();
        double[] e = [.. x.Data.Select(v => Math.Exp(v - max))];
        double sum = e.Sum();
        return new Value([.. e.Select(v => (float)(v / sum))], x.Shape, 1);
    }
}
