using System.Runtime.InteropServices;
using EdgeSound.Dsp.Files;
using EdgeSound.Learning.Onnx.Proto;
using Google.Protobuf;

namespace EdgeSound.Learning.Onnx;

/// <summary>
/// Builds one ONNX model (IR version 8, default-domain opset 13): initializers, nodes, typed graph inputs and
/// outputs, and <c>metadata_props</c>. Initializer data is stored as little-endian <c>raw_data</c>.
/// Names are checked as they are added: every node input must already exist (graph input, initializer or an
/// earlier node's output; "" marks an omitted optional input) and every name is defined once.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>ONNX IR version written (IR 8 is the one that goes with opset 13-17).</summary>
    public const long IrVersion = 8;

    /// <summary>Opset version of the default ONNX domain.</summary>
    public const long Opset = 13;

    /// <summary>Symbolic name given to a dynamic (-1) leading dimension, shared by inputs and outputs.</summary>
    public const string BatchDimension = "N";

    private readonly GraphProto _graph;
    private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
    private readonly HashSet<string> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);
    private readonly List<string> _metadataOrder = [];

    public OnnxGraphBuilder(string graphName = "edgesound")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(graphName);
        _graph = new GraphProto { Name = graphName };
    }

    public string ProducerName { get; set; } = "EdgeSound";

    public string ProducerVersion { get; set; } = "1.0";

    public string DocString { get; set; } = "";

    public int NodeCount => _graph.Node.Count;

    /// <summary>Metadata set so far.</summary>
    public IReadOnlyDictionary<string, string> Metadata => _metadata;

    public OnnxGraphBuilder AddInitializer(string name, float[] data, params long[] dims) =>
        AddTensor(name, OnnxElementType.Float, MemoryMarshal.AsBytes<float>(LittleEndian(data)), data.Length, dims);

    public OnnxGraphBuilder AddInitializer(string name, sbyte[] data, params long[] dims) =>
        AddTensor(name, OnnxElementType.Int8, MemoryMarshal.AsBytes<sbyte>(data), data.Length, dims);

    public OnnxGraphBuilder AddInitializer(string name, byte[] data, params long[] dims) =>
        AddTensor(name, OnnxElementType.UInt8, data, data.Length, dims);

    public OnnxGraphBuilder AddInitializer(string name, int[] data, params long[] dims) =>
        AddTensor(name, OnnxElementType.Int32, MemoryMarshal.AsBytes<int>(LittleEndian(data)), data.Length, dims);

    public OnnxGraphBuilder AddInitializer(string name, long[] data, params long[] dims) =>
        AddTensor(name, OnnxElementType.Int64, MemoryMarshal.AsBytes<long>(LittleEndian(data)), data.Length, dims);

    /// <summary>Adds a default-domain operator. Its name is "<paramref name="op"/>_<i>index</i>".</summary>
    public OnnxGraphBuilder AddNode(string op, string[] inputs, string[] outputs, params OnnxAttribute[] attrs)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(op);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(attrs);
        if (outputs.Length == 0)
        {
            throw new ArgumentException($"Node {op}: needs at least one output.", nameof(outputs));
        }

        foreach (string input in inputs)
        {
            if (input.Length > 0 && !_defined.Contains(input))
            {
                throw new ArgumentException(
                    $"Node {op}: input '{input}' is not a graph input, initializer or earlier node output.", nameof(inputs));
            }
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (OnnxAttribute attr in attrs)
        {
            if (!names.Add(attr.Name))
            {
                throw new ArgumentException($"Node {op}: attribute '{attr.Name}' given twice.", nameof(attrs));
            }
        }

        var node = new NodeProto { OpType = op, Name = $"{op}_{_graph.Node.Count}" };
        node.Input.AddRange(inputs);
        foreach (string output in outputs)
        {
            Define(output, $"output of node {node.Name}");
            node.Output.Add(output);
        }

        foreach (OnnxAttribute attr in attrs)
        {
            node.Attribute.Add(attr.Proto.Clone());
        }

        _graph.Node.Add(node);
        return this;
    }

    /// <summary>Declares a graph input; a dimension of -1 is dynamic (symbolic).</summary>
    public OnnxGraphBuilder AddInput(string name, OnnxElementType elemType, params long[] dims)
    {
        Define(name, "graph input");
        _graph.Input.Add(ValueInfo(name, elemType, dims));
        return this;
    }

    /// <summary>Declares a graph output (a name some node produces); a dimension of -1 is dynamic.</summary>
    public OnnxGraphBuilder AddOutput(string name, OnnxElementType elemType, params long[] dims)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_defined.Contains(name))
        {
            throw new ArgumentException($"Graph output '{name}' is not produced by any node or input.", nameof(name));
        }

        if (!_outputs.Add(name))
        {
            throw new ArgumentException($"Graph output '{name}' declared twice.", nameof(name));
        }

        _graph.Output.Add(ValueInfo(name, elemType, dims));
        return this;
    }

    /// <summary>Sets one <c>metadata_props</c> entry (a later call with the same key replaces the value).</summary>
    public OnnxGraphBuilder SetMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_metadata.ContainsKey(key))
        {
            _metadataOrder.Add(key);
        }

        _metadata[key] = value;
        return this;
    }

    /// <summary>The model as a protobuf message (a fresh copy each call).</summary>
    public ModelProto ToModel()
    {
        if (_graph.Output.Count == 0)
        {
            throw new InvalidOperationException($"Graph '{_graph.Name}' has no outputs; call AddOutput.");
        }

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = ProducerVersion,
            DocString = DocString,
            Graph = _graph.Clone(),
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (string key in _metadataOrder)
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = _metadata[key] });
        }

        return model;
    }

    public byte[] ToBytes() => ToModel().ToByteArray();

    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes = ToBytes();
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        AtomicFile.WriteAllBytes(path, bytes);
    }

    private OnnxGraphBuilder AddTensor(string name, OnnxElementType type, ReadOnlySpan<byte> raw, int count, long[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        long expected = 1;
        foreach (long d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Initializer '{name}': dimension {d} is negative.", nameof(dims));
            }

            expected *= d;
        }

        if (expected != count)
        {
            throw new ArgumentException(
                $"Initializer '{name}': shape [{string.Join(", ", dims)}] holds {expected} values but {count} were given.",
                nameof(dims));
        }

        Define(name, "initializer");
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return this;
    }

    private void Define(string name, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!_defined.Add(name))
        {
            throw new ArgumentException($"Name '{name}' ({what}) is already defined in graph '{_graph.Name}'.", nameof(name));
        }
    }

    private static ValueInfoProto ValueInfo(string name, OnnxElementType elemType, long[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        var shape = new TensorShapeProto();
        for (int i = 0; i < dims.Length; i++)
        {
            var dim = new TensorShapeProto.Types.Dimension();
            if (dims[i] >= 0)
            {
                dim.DimValue = dims[i];
            }
            else if (dims[i] == -1)
            {
                dim.DimParam = i == 0 ? BatchDimension : $"{name}_dim{i}";
            }
            else
            {
                throw new ArgumentException($"'{name}': dimension {i} is {dims[i]}; use -1 for a dynamic one.", nameof(dims));
            }

            shape.Dim.Add(dim);
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elemType, Shape = shape } },
        };
    }

    private static ReadOnlySpan<T> LittleEndian<T>(T[] data)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        if (BitConverter.IsLittleEndian)
        {
            return data;
        }

        var swapped = new T[data.Length];
        Span<byte> bytes = MemoryMarshal.AsBytes(swapped.AsSpan());
        MemoryMarshal.AsBytes(data.AsSpan()).CopyTo(bytes);
        int size = Marshal.SizeOf<T>();
        for (int i = 0; i < bytes.Length; i += size)
        {
            bytes.Slice(i, size).Reverse();
        }

        return swapped;
    }
}
