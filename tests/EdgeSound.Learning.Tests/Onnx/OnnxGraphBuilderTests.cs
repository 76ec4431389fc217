using System.Buffers.Binary;
using EdgeSound.Learning.Onnx;
using EdgeSound.Learning.Onnx.Proto;
using Google.Protobuf;
using Xunit;

namespace EdgeSound.Learning.Tests.Onnx;

public sealed class OnnxGraphBuilderTests
{
    private static OnnxGraphBuilder TinyModel()
    {
        var b = new OnnxGraphBuilder("tiny");
        b.AddInput("x", OnnxElementType.Float, -1, 3);
        b.AddInitializer("w", new[] { 1.5f, -2f, 0.25f, 3f, 4f, -5f }, 3, 2);
        b.AddInitializer("b", new[] { 0.5f, -0.5f }, 2);
        b.AddNode("Gemm", ["x", "w", "b"], ["y"], OnnxAttribute.Float("alpha", 1f), OnnxAttribute.Int("transB", 0));
        b.AddOutput("y", OnnxElementType.Float, -1, 2);
        b.SetMetadata("edgesound.labels", "[\"a\",\"b\"]");
        return b;
    }

    [Fact]
    public void Model_header_carries_ir_version_opset_and_producer()
    {
        ModelProto m = ModelProto.Parser.ParseFrom(TinyModel().ToBytes());
        Assert.Equal(8, m.IrVersion);
        Assert.Single(m.OpsetImport);
        Assert.Equal("", m.OpsetImport[0].Domain);
        Assert.Equal(13, m.OpsetImport[0].Version);
        Assert.Equal("EdgeSound", m.ProducerName);
        Assert.Equal("tiny", m.Graph.Name);
    }

    [Fact]
    public void Wire_format_uses_onnx_field_numbers()
    {
        // Field numbers are facts of the ONNX format: ir_version=1 (varint), metadata_props=14, graph=7.
        byte[] bytes = new OnnxGraphBuilder().AddInput("x", OnnxElementType.Float, 1)
            .AddNode("Identity", ["x"], ["y"]).AddOutput("y", OnnxElementType.Float, 1)
            .SetMetadata("k", "v").ToBytes();
        Assert.Equal(new byte[] { 0x08, 8 }, bytes[..2]);
        var input = new CodedInputStream(bytes);
        var fields = new List<int>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            fields.Add(WireFormat.GetTagFieldNumber(tag));
            input.SkipLastField();
        }

        Assert.Contains(7, fields);
        Assert.Contains(8, fields);
        Assert.Contains(14, fields);
        Assert.Contains(2, fields);
        // metadata entry: tag 14/length-delimited, then key=1 "k", value=2 "v".
        byte[] entry = [0x72, 6, 0x0A, 1, (byte)'k', 0x12, 1, (byte)'v'];
        Assert.True(bytes.AsSpan().IndexOf(entry) >= 0, "metadata entry not encoded as field 14 {1:key, 2:value}");
    }

    [Fact]
    public void Initializers_are_little_endian_raw_data_with_dims_and_type()
    {
        ModelProto m = ModelProto.Parser.ParseFrom(TinyModel()
            .AddInitializer("q", new sbyte[] { -128, -1, 0, 127 }, 2, 1, 2)
            .AddInitializer("bias", new[] { -7, 123456 }, 2)
            .AddInitializer("shape", new[] { 1L, -1L }, 2)
            .AddInitializer("scale", new[] { 0.125f })
            .ToBytes());
        TensorProto w = m.Graph.Initializer.Single(t => t.Name == "w");
        Assert.Equal((int)OnnxElementType.Float, w.DataType);
        Assert.Equal(new long[] { 3, 2 }, w.Dims);
        Assert.Equal(24, w.RawData.Length);
        Assert.Equal(-5f, BinaryPrimitives.ReadSingleLittleEndian(w.RawData.Span[20..]));
        Assert.Empty(w.FloatData);

        TensorProto q = m.Graph.Initializer.Single(t => t.Name == "q");
        Assert.Equal((int)OnnxElementType.Int8, q.DataType);
        Assert.Equal(new byte[] { 0x80, 0xFF, 0x00, 0x7F }, q.RawData.ToByteArray());

        TensorProto bias = m.Graph.Initializer.Single(t => t.Name == "bias");
        Assert.Equal((int)OnnxElementType.Int32, bias.DataType);
        Assert.Equal(123456, BinaryPrimitives.ReadInt32LittleEndian(bias.RawData.Span[4..]));

        TensorProto shape = m.Graph.Initializer.Single(t => t.Name == "shape");
        Assert.Equal((int)OnnxElementType.Int64, shape.DataType);
        Assert.Equal(-1L, BinaryPrimitives.ReadInt64LittleEndian(shape.RawData.Span[8..]));

        TensorProto scale = m.Graph.Initializer.Single(t => t.Name == "scale");
        Assert.Empty(scale.Dims);
        Assert.Equal(0.125f, BinaryPrimitives.ReadSingleLittleEndian(scale.RawData.Span));
    }

    [Fact]
    public void Nodes_keep_inputs_outputs_and_typed_attributes()
    {
        ModelProto m = ModelProto.Parser.ParseFrom(new OnnxGraphBuilder()
            .AddInput("x", OnnxElementType.Float, -1, 1, 8, 8)
            .AddNode("MaxPool", ["x"], ["p"], OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.String("auto_pad", "VALID"),
                OnnxAttribute.Floats("f", 0.5f, 2f), OnnxAttribute.Strings("s", "a", "bc"))
            .AddOutput("p", OnnxElementType.Float, -1, 1, 4, 4)
            .ToBytes());
        NodeProto node = Assert.Single(m.Graph.Node);
        Assert.Equal("MaxPool", node.OpType);
        Assert.Equal(["x"], node.Input);
        Assert.Equal(["p"], node.Output);
        AttributeProto ks = node.Attribute.Single(a => a.Name == "kernel_shape");
        Assert.Equal(AttributeProto.Types.AttributeType.Ints, ks.Type);
        Assert.Equal(new long[] { 2, 2 }, ks.Ints);
        AttributeProto pad = node.Attribute.Single(a => a.Name == "auto_pad");
        Assert.Equal(AttributeProto.Types.AttributeType.String, pad.Type);
        Assert.Equal("VALID", pad.S.ToStringUtf8());
        Assert.Equal(new[] { 0.5f, 2f }, node.Attribute.Single(a => a.Name == "f").Floats);
        Assert.Equal("bc", node.Attribute.Single(a => a.Name == "s").Strings[1].ToStringUtf8());
    }

    [Fact]
    public void Dynamic_dimensions_become_symbolic_and_fixed_ones_values()
    {
        ModelProto m = ModelProto.Parser.ParseFrom(TinyModel().ToBytes());
        TensorShapeProto shape = m.Graph.Input[0].Type.TensorType.Shape;
        Assert.Equal((int)OnnxElementType.Float, m.Graph.Input[0].Type.TensorType.ElemType);
        Assert.Equal(TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam, shape.Dim[0].ValueCase);
        Assert.Equal(OnnxGraphBuilder.BatchDimension, shape.Dim[0].DimParam);
        Assert.Equal(3, shape.Dim[1].DimValue);
        Assert.Equal(OnnxGraphBuilder.BatchDimension, m.Graph.Output[0].Type.TensorType.Shape.Dim[0].DimParam);
    }

    [Fact]
    public void Metadata_round_trips_and_later_value_replaces_earlier()
    {
        OnnxGraphBuilder b = TinyModel().SetMetadata("frontend.mel_bands", "64").SetMetadata("edgesound.labels", "[\"z\"]");
        ModelProto m = ModelProto.Parser.ParseFrom(b.ToBytes());
        Assert.Equal(2, m.MetadataProps.Count);
        Assert.Equal("[\"z\"]", m.MetadataProps.Single(p => p.Key == "edgesound.labels").Value);
        Assert.Equal("64", m.MetadataProps.Single(p => p.Key == "frontend.mel_bands").Value);
    }

    [Fact]
    public void Save_writes_the_same_bytes_as_ToBytes()
    {
        string path = Path.Combine(Path.GetTempPath(), $"es-onnx-{Guid.NewGuid():N}", "m.onnx");
        try
        {
            OnnxGraphBuilder b = TinyModel();
            b.Save(path);
            Assert.Equal(b.ToBytes(), File.ReadAllBytes(path));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    [Fact]
    public void Mistakes_are_refused_naming_the_tensor()
    {
        var b = new OnnxGraphBuilder().AddInput("x", OnnxElementType.Float, 2);
        Assert.Contains("'nope'", Assert.Throws<ArgumentException>(() => b.AddNode("Relu", ["nope"], ["y"])).Message);
        Assert.Contains("'x'", Assert.Throws<ArgumentException>(() => b.AddInitializer("x", new[] { 1f })).Message);
        Assert.Contains("'w'", Assert.Throws<ArgumentException>(() => b.AddInitializer("w", new[] { 1f, 2f }, 3)).Message);
        Assert.Contains("'y'", Assert.Throws<ArgumentException>(() => b.AddOutput("y", OnnxElementType.Float, 2)).Message);
        Assert.Throws<ArgumentException>(() => b.AddInput("z", OnnxElementType.Float, -2));
        Assert.Throws<InvalidOperationException>(() => b.ToBytes());
        b.AddNode("Relu", ["x"], ["y"]);
        Assert.Contains("'y'", Assert.Throws<ArgumentException>(() => b.AddNode("Relu", ["x"], ["y"])).Message);
        Assert.Equal(1, b.NodeCount);
    }
}
