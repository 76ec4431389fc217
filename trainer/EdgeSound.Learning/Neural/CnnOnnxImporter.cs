using System.Buffers.Binary;
using System.Security.Cryptography;
using EdgeSound.Learning.Onnx.Proto;
using Google.Protobuf;

namespace EdgeSound.Learning.Neural;

/// <summary>A model read back to float for transfer learning, with the file's metadata and SHA-256.</summary>
/// <param name="Model">The float CNN; for an int8 file its batch norm is folded away (see <see cref="CnnOnnxImporter"/>).</param>
/// <param name="Metadata">The file's <c>metadata_props</c> (empty for a checkpoint).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
/// <param name="BatchNormFolded">True when the batch norm layers are identities carrying the folded bias, so their
/// statistics must be re-estimated before every layer is fine-tuned (<see cref="BatchNormEstimator"/>).</param>
public sealed record BaseModel(CnnModel Model, IReadOnlyDictionary<string, string> Metadata, string Sha256, bool BatchNormFolded);

/// <summary>
/// Reads an int8 QDQ model written by <see cref="CnnOnnxExporter"/> back into a float <see cref="CnnModel"/>:
/// each initializer is dequantized as ONNX DequantizeLinear defines it (real = int · scale, zero point 0, scale per
/// output channel on axis 0): <c>convN_w</c> (int8 [Cout, Cin / group, k, k]; k = 1 is a pointwise convolution, a Conv
/// node with group &gt; 1 a depthwise one) with <c>convN_w_scale</c>, <c>convN_b</c> (int32)
/// with <c>convN_b_scale</c>, and <c>dense_w</c> (int8 [classes, in]) with <c>dense_w_scale</c>, <c>dense_b</c> with
/// <c>dense_b_scale</c>. The exported convolutions carry batch norm folded in, so each convolution's batch norm becomes the
/// identity (gamma 1, running mean 0, running variance 1 - epsilon) with the folded bias as beta. A convolution pools when
/// the graph has a MaxPool node writing <c>convN_pool</c>; the global pooling is <see cref="GlobalPooling.AverageMaxOverFrames"/>
/// when the graph has a ReduceMax node, else global average pooling. The frame count and bands come from the input's shape
/// [N, 1, frames, bands], the input scale from <c>input_scale</c>.
/// </summary>
public static class CnnOnnxImporter
{
    /// <summary>Reads the file. Anything that is not such a model throws <see cref="InvalidDataException"/> naming the file and what is missing.</summary>
    public static BaseModel Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{path}: not an ONNX model ({e.Message})", e);
        }

        GraphProto graph = proto.Graph ?? throw new InvalidDataException($"{path}: ONNX file has no graph");
        var tensors = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (TensorProto t in graph.Initializer)
        {
            tensors[t.Name] = t;
        }

        TensorProto Tensor(string name) => tensors.TryGetValue(name, out TensorProto? t)
            ? t
            : throw new InvalidDataException($"{path}: no initializer '{name}': not an EdgeSound CNN exported by this trainer");

        var dims = graph.Input.Count == 1 ? graph.Input[0].Type?.TensorType?.Shape?.Dim : null;
        if (dims is null || dims.Count != 4)
        {
            throw new InvalidDataException($"{path}: expected one input of shape [N, 1, frames, bands]");
        }

        var units = new List<(ConvolutionKind Kind, int Channels, bool Pool)>();
        while (tensors.ContainsKey($"conv{units.Count + 1}_w"))
        {
            string p = $"conv{units.Count + 1}";
            TensorProto w = Tensor(p + "_w");
            if (w.Dims.Count != 4)
            {
                throw new InvalidDataException($"{path}: {p}_w has {w.Dims.Count} dimensions, expected [Cout, Cin, k, k]");
            }

            long group = graph.Node.FirstOrDefault(n => n.OpType == "Conv" && n.Input.Contains(p + "_w_dq"))?
                .Attribute.FirstOrDefault(a => a.Name == "group")?.I ?? 1;
            bool square = w.Dims[2] == w.Dims[3] && w.Dims[2] is 1 or 3;
            bool depthwise = group > 1 && group == w.Dims[0] && w.Dims[1] == 1 && w.Dims[2] == 3;
            if (!square || group < 1 || (group > 1 && !depthwise))
            {
                throw new InvalidDataException(
                    $"{path}: {p} is a Conv with group {group} over weights [{string.Join(", ", w.Dims)}]; this trainer writes 3x3 or 1x1 kernels with group 1, "
                    + "or a depthwise 3x3 with group = channels and one input channel per group");
            }

            ConvolutionKind kind = w.Dims[2] == 1 ? ConvolutionKind.Pointwise : depthwise ? ConvolutionKind.Depthwise : ConvolutionKind.Standard;
            units.Add((kind, (int)w.Dims[0], graph.Node.Any(n => n.OpType == "MaxPool" && n.Output.Contains(p + "_pool"))));
        }

        TensorProto denseW = Tensor("dense_w");
        CnnArchitecture architecture;
        try
        {
            architecture = CnnArchitecture.FromUnits(
                new CnnArchitecture
                {
                    Frames = (int)dims[2].DimValue,
                    Bands = (int)dims[3].DimValue,
                    Classes = (int)denseW.Dims[0],
                    InputScale = Scalar(Tensor("input_scale"), path),
                    GlobalPooling = graph.Node.Any(n => n.OpType == "ReduceMax") ? GlobalPooling.AverageMaxOverFrames : GlobalPooling.Average,
                },
                units);
            architecture.Validate();
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }

        CnnModel model = CnnModel.Create(architecture, 0);
        for (int u = 0; u < model.Units.Count; u++)
        {
            string p = $"conv{u + 1}";
            ConvolutionLayer conv = model.Units[u].Conv;
            int cout = conv.OutputShape.Channels;
            int taps = conv.Kernel * conv.Kernel;
            int cin = conv.PatchLength / taps;
            float[] oihw = Dequantize(SBytes(Tensor(p + "_w"), path), Floats(Tensor(p + "_w_scale"), path), conv.PatchLength, path, p + "_w");
            float[] weights = conv.Weights.Value;
            if (weights.Length != oihw.Length)
            {
                throw new InvalidDataException($"{path}: {p}_w holds {oihw.Length} weights, a {conv.Kind} {conv.Kernel}x{conv.Kernel} convolution {conv.InputShape.Channels}->{cout} needs {weights.Length}");
            }

            for (int co = 0; co < cout; co++)
            {
                for (int ci = 0; ci < cin; ci++)
                {
                    for (int t = 0; t < taps; t++)
                    {
                        weights[(t * cin + ci) * cout + co] = oihw[(co * cin + ci) * taps + t];
                    }
                }
            }

            BatchNorm2D norm = model.Units[u].Norm;
            Dequantize(Ints(Tensor(p + "_b"), path), Floats(Tensor(p + "_b_scale"), path), norm.Beta.Value.Length, path, p + "_b").CopyTo(norm.Beta.Value, 0);
            Array.Fill(norm.Gamma.Value, 1f);
            Array.Clear(norm.RunningMean);
            Array.Fill(norm.RunningVariance, 1f - BatchNorm2D.Epsilon);
        }

        Dense head = model.Head;
        float[] denseRows = Dequantize(SBytes(denseW, path), Floats(Tensor("dense_w_scale"), path), head.Inputs, path, "dense_w");
        for (int o = 0; o < head.Outputs; o++)
        {
            for (int i = 0; i < head.Inputs; i++)
            {
                head.Weights.Value[i * head.Outputs + o] = denseRows[o * head.Inputs + i];
            }
        }

        Dequantize(Ints(Tensor("dense_b"), path), Floats(Tensor("dense_b_scale"), path), head.Outputs, path, "dense_b").CopyTo(head.Bias.Value, 0);
        var metadata = proto.MetadataProps.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new BaseModel(model, metadata, Convert.ToHexStringLower(SHA256.HashData(bytes)), BatchNormFolded: true);
    }

    /// <summary>Rows of <paramref name="rowLength"/> int8 values, row r scaled by scales[r] (DequantizeLinear, axis 0).</summary>
    private static float[] Dequantize(sbyte[] values, float[] scales, int rowLength, string path, string name)
    {
        if (values.Length != scales.Length * rowLength)
        {
            throw new InvalidDataException($"{path}: {name} holds {values.Length} values for {scales.Length} scales of rows of {rowLength}");
        }

        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i] * scales[i / rowLength];
        }

        return result;
    }

    /// <summary><paramref name="count"/> int32 values, each scaled by its own scale (a bias: one per output channel).</summary>
    private static float[] Dequantize(int[] values, float[] scales, int count, string path, string name)
    {
        if (values.Length != count || scales.Length != count)
        {
            throw new InvalidDataException($"{path}: {name} holds {values.Length} values and {scales.Length} scales; the layer has {count} outputs");
        }

        var result = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = (float)((double)values[i] * scales[i]);
        }

        return result;
    }

    private static float[] Floats(TensorProto t, string path)
    {
        Check(t, TensorProto.Types.DataType.Float, path);
        if (t.FloatData.Count > 0)
        {
            return [.. t.FloatData];
        }

        ReadOnlySpan<byte> raw = t.RawData.Span;
        var values = new float[raw.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(4 * i)..]);
        }

        return values;
    }

    /// <summary>The one float of a scalar initializer (a quantization scale).</summary>
    private static float Scalar(TensorProto t, string path)
    {
        float[] values = Floats(t, path);
        return values.Length == 1 ? values[0] : throw new InvalidDataException($"{path}: initializer '{t.Name}' holds {values.Length} values, expected one");
    }

    private static int[] Ints(TensorProto t, string path)
    {
        Check(t, TensorProto.Types.DataType.Int32, path);
        if (t.Int32Data.Count > 0)
        {
            return [.. t.Int32Data];
        }

        ReadOnlySpan<byte> raw = t.RawData.Span;
        var values = new int[raw.Length / 4];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(raw[(4 * i)..]);
        }

        return values;
    }

    private static sbyte[] SBytes(TensorProto t, string path)
    {
        Check(t, TensorProto.Types.DataType.Int8, path);
        if (t.Int32Data.Count > 0)
        {
            return [.. t.Int32Data.Select(v => (sbyte)v)];
        }

        return [.. t.RawData.Span.ToArray().Select(v => (sbyte)v)];
    }

    private static void Check(TensorProto t, TensorProto.Types.DataType type, string path)
    {
        if (t.DataType != (int)type)
        {
            throw new InvalidDataException($"{path}: initializer '{t.Name}' is {(TensorProto.Types.DataType)t.DataType}, expected {type}");
        }
    }
}
