using System.Text;

namespace EdgeSound.Native.Tests.OnnxRuntime;

/// <summary>
/// A hand-encoded ONNX model (this test project does not reference the ONNX writer), so the binding is checked
/// against the file format itself:
///   y = (x + b) + DequantizeLinear(q, scale = 0.5, zero_point = 0)
/// inputs x: float [N, 3], q: int8 [N, 3]; output y: float [N, 3]; producer "edgesound-native-test", graph "g",
/// model_version 7, metadata {"edgesound.labels": "[\"a\",\"b\",\"c\"]", "k": "v"}.
/// </summary>
internal static class TinyOnnxModel
{
    public static readonly float[] Bias = [0.5f, -1f, 2f];

    public static byte[] Bytes()
    {
        var graph = new Pb()
            .Message(1, Node("DequantizeLinear", ["q", "scale", "zp"], "dq"))
            .Message(1, Node("Add", ["x", "b"], "t"))
            .Message(1, Node("Add", ["t", "dq"], "y"))
            .String(2, "g")
            .Message(5, FloatTensor("b", Bias, 3))
            .Message(5, FloatTensor("scale", [0.5f]))
            .Message(5, new Pb().Varint(2, 3).String(8, "zp").Bytes(9, [0]))
            .Message(11, TensorValue("x", 1))
            .Message(11, TensorValue("q", 3))
            .Message(12, TensorValue("y", 1));
        return new Pb()
            .Varint(1, 8)
            .String(2, "edgesound-native-test")
            .Varint(5, 7)
            .Message(7, graph)
            .Message(8, new Pb().String(1, "").Varint(2, 13))
            .Message(14, new Pb().String(1, "edgesound.labels").String(2, "[\"a\",\"b\",\"c\"]"))
            .Message(14, new Pb().String(1, "k").String(2, "v"))
            .ToArray();
    }

    private static Pb Node(string op, string[] inputs, string output)
    {
        var node = new Pb();
        foreach (string i in inputs)
        {
            node.String(1, i);
        }

        return node.String(2, output).String(3, op + "_" + output).String(4, op);
    }

    private static Pb FloatTensor(string name, float[] values, params long[] dims)
    {
        var t = new Pb();
        foreach (long d in dims)
        {
            t.Varint(1, (ulong)d);
        }

        var raw = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BitConverter.TryWriteBytes(raw.AsSpan(i * 4), values[i]);
        }

        return t.Varint(2, 1).String(8, name).Bytes(9, raw);
    }

    private static Pb TensorValue(string name, int elemType)
    {
        var shape = new Pb()
            .Message(1, new Pb().String(2, "N"))
            .Message(1, new Pb().Varint(1, 3));
        var tensor = new Pb().Varint(1, (ulong)elemType).Message(2, shape);
        return new Pb().String(1, name).Message(2, new Pb().Message(1, tensor));
    }

    /// <summary>Minimal protobuf encoder: varint (wire type 0) and length-delimited (wire type 2) fields.</summary>
    private sealed class Pb
    {
        private readonly List<byte> _bytes = [];

        public Pb Varint(int field, ulong value)
        {
            Raw(((ulong)field << 3) | 0);
            Raw(value);
            return this;
        }

        public Pb Bytes(int field, byte[] value)
        {
            Raw(((ulong)field << 3) | 2);
            Raw((ulong)value.Length);
            _bytes.AddRange(value);
            return this;
        }

        public Pb String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public Pb Message(int field, Pb inner) => Bytes(field, inner.ToArray());

        public byte[] ToArray() => [.. _bytes];

        private void Raw(ulong v)
        {
            while (v >= 0x80)
            {
                _bytes.Add((byte)(v | 0x80));
                v >>= 7;
            }

            _bytes.Add((byte)v);
        }
    }
}
