using EdgeSound.Dsp.Decision;
using EdgeSound.Inference;
using EdgeSound.Learning.Neural;
using EdgeSound.Learning.Onnx.Proto;
using Google.Protobuf;
using Xunit;

namespace EdgeSound.Learning.Tests.Neural;

public sealed class QuantizationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-quant-").FullName;
    private static readonly CnnArchitecture Tiny = TinyProblemTests.Tiny;

    private static readonly WindowPlan Plan = new(16, 8, 0.5);

    /// <summary>The tiny model with a depthwise-separable second block: conv1 3x3 (8), conv2 depthwise 3x3 (8), conv3 pointwise 1x1 (16).</summary>
    private static readonly CnnArchitecture TinySeparable = Tiny.WithBlocks("8p,d16");

    private static readonly Lazy<(CnnModel Model, QuantizedCnn Quantized, List<LabeledFrames> Test)> Trained = new(() => Train(Tiny));

    private static readonly Lazy<(CnnModel Model, QuantizedCnn Quantized, List<LabeledFrames> Test)> TrainedSeparable = new(() => Train(TinySeparable));

    /// <summary>The tiny model pooled by the mean over bands, then mean + max over frames.</summary>
    private static readonly Lazy<(CnnModel Model, QuantizedCnn Quantized, List<LabeledFrames> Test)> TrainedMeanMax =
        new(() => Train(Tiny with { GlobalPooling = GlobalPooling.AverageMaxOverFrames }));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The trained tiny model of <paramref name="variant"/>: full, separable or average-max.</summary>
    private static (CnnModel Model, QuantizedCnn Quantized, List<LabeledFrames> Test) Fixture(string variant) => variant switch
    {
        "separable" => TrainedSeparable.Value,
        "average-max" => TrainedMeanMax.Value,
        _ => Trained.Value,
    };

    private static (CnnModel Model, QuantizedCnn Quantized, List<LabeledFrames> Test) Train(CnnArchitecture architecture)
    {
        var recipe = new TrainingRecipe { Epochs = 15, BatchSize = 16, MaxLearningRate = 5e-3, Seed = 3, MaxTimeMask = 2, MaxFrequencyMask = 2 };
        List<LabeledFrames> train = TinyProblemTests.MakeClips(64, 1);
        CnnModel model = new CnnTrainer(architecture, recipe, Plan, new Workers(2)).Train(train, null, null);
        return (model, QuantizedCnn.Quantize(model, Calibration(train, 100), 100, new Workers(2)), TinyProblemTests.MakeClips(40, 2));
    }

    private static float[] Calibration(List<LabeledFrames> clips, int count)
    {
        var sampler = new WindowSampler(clips, Plan, Tiny.Bands);
        var random = new Random(9);
        var input = new float[count * Tiny.InputShape.Size];
        var window = new sbyte[Tiny.InputShape.Size];
        for (int i = 0; i < count; i++)
        {
            sampler.Crop(random.Next(clips.Count), random, 0, 0, window);
            WindowSampler.ToFloat(window, Tiny.InputScale, input.AsSpan(i * window.Length, window.Length));
        }

        return input;
    }

    [Fact]
    public void FakeQuantizeRoundsHalfToEvenAndSaturates()
    {
        const float s = 0.5f;
        Assert.Equal(1.0f, QuantizedCnn.FakeQuantize(1.25f, s));
        Assert.Equal(2.0f, QuantizedCnn.FakeQuantize(1.75f, s));
        Assert.Equal(0f, QuantizedCnn.FakeQuantize(-3f, s));
        Assert.Equal(127.5f, QuantizedCnn.FakeQuantize(1000f, s));
    }

    [Theory]
    [InlineData("full")]
    [InlineData("separable")]
    [InlineData("average-max")]
    public void Int8SimulationAgreesWithFloatModel(string variant)
    {
        (CnnModel model, QuantizedCnn quantized, List<LabeledFrames> test) = Fixture(variant);
        ClipPredictions f = ClipEvaluator.Evaluate(model, test, Plan, new Workers(2));
        ClipPredictions q = ClipEvaluator.Evaluate(quantized, test, Plan, new Workers(2));
        Assert.Equal(1.0, f.Accuracy);
        Assert.Equal(f.Predicted, q.Predicted);
        for (int c = 0; c < test.Count; c++)
        {
            for (int k = 0; k < Tiny.Classes; k++)
            {
                Assert.True(Math.Abs(f.Scores[c][k] - q.Scores[c][k]) < 0.05, $"clip {c} class {k}: float {f.Scores[c][k]} int8 {q.Scores[c][k]}");
            }
        }

        Assert.All(quantized.Convolutions, l => Assert.All(l.Weights, w => Assert.InRange(w, (sbyte)-127, (sbyte)127)));
        Assert.All(quantized.Convolutions, l => Assert.Contains(l.Weights, w => Math.Abs((int)w) == 127));
    }

    [Fact]
    public void ExportedGraphFollowsTheModelContract()
    {
        QuantizedCnn quantized = Trained.Value.Quantized;
        ModelProto proto = ModelProto.Parser.ParseFrom(CnnOnnxExporter.Build(quantized, [new(ModelMetadataKeys.Labels, "[\"a\",\"b\"]")]).ToBytes());
        Assert.Equal(13, proto.OpsetImport.Single(o => o.Domain == "").Version);
        ValueInfoProto input = Assert.Single(proto.Graph.Input);
        Assert.Equal(ModelMetadataKeys.InputName, input.Name);
        Assert.Equal(3, input.Type.TensorType.ElemType);
        Assert.Equal([1L, 16L, 16L], input.Type.TensorType.Shape.Dim.Skip(1).Select(d => d.DimValue));
        Assert.Equal(ModelMetadataKeys.OutputName, Assert.Single(proto.Graph.Output).Name);
        Assert.Equal("DequantizeLinear", proto.Graph.Node[0].OpType);
        Assert.Equal(ModelMetadataKeys.InputName, proto.Graph.Node[0].Input[0]);
        Assert.Equal("Softmax", proto.Graph.Node[^1].OpType);
        string[] ops = [.. proto.Graph.Node.Select(n => n.OpType).Where(o => o is not "DequantizeLinear" and not "QuantizeLinear")];
        Assert.Equal(["Conv", "Relu", "MaxPool", "Conv", "Relu", "GlobalAveragePool", "Flatten", "Gemm", "Softmax"], ops);
        Assert.Equal(3, proto.Graph.Initializer.Single(t => t.Name == "conv1_w").DataType);
        Assert.Equal([8L, 1L, 3L, 3L], proto.Graph.Initializer.Single(t => t.Name == "conv1_w").Dims);
        Assert.Equal(6, proto.Graph.Initializer.Single(t => t.Name == "conv2_b").DataType);
        Assert.Equal([2L, 16L], proto.Graph.Initializer.Single(t => t.Name == "dense_w").Dims);
        Assert.Equal("[\"a\",\"b\"]", proto.MetadataProps.Single(p => p.Key == ModelMetadataKeys.Labels).Value);
    }

    [Theory]
    [InlineData("full")]
    [InlineData("separable")]
    [InlineData("average-max")]
    public void ExportedGraphComputesWhatTheSimulationComputes(string variant)
    {
        (_, QuantizedCnn quantized, List<LabeledFrames> test) = Fixture(variant);
        ModelProto proto = ModelProto.Parser.ParseFrom(CnnOnnxExporter.Build(quantized, []).ToBytes());
        var window = new sbyte[Tiny.InputShape.Size];
        var input = new float[window.Length];
        var simulated = new float[Tiny.Classes];
        for (int c = 0; c < 6; c++)
        {
            ClipDecision.CopyWindow(test[c].Frames, 0, Tiny.Frames, window);
            WindowSampler.ToFloat(window, Tiny.InputScale, input);
            quantized.Score(input, 1, simulated, new Workers(1));
            float[] reference = QdqReference.Run(proto, window, Tiny.Frames, Tiny.Bands);
            for (int k = 0; k < Tiny.Classes; k++)
            {
                Assert.True(Math.Abs(reference[k] - simulated[k]) < 1e-4, $"window {c} class {k}: graph {reference[k]} simulation {simulated[k]}");
            }
        }
    }

    [Fact]
    public void ConvolutionWeightsAreReorderedToOihw()
    {
        // cin = 2, cout = 3: engine index ((ky*3+kx)*cin+ci)*cout+co holds the value 1000co + 100ci + 10ky + kx.
        var w = new sbyte[9 * 2 * 3];
        for (int ky = 0; ky < 3; ky++)
        {
            for (int kx = 0; kx < 3; kx++)
            {
                for (int ci = 0; ci < 2; ci++)
                {
                    for (int co = 0; co < 3; co++)
                    {
                        w[((ky * 3 + kx) * 2 + ci) * 3 + co] = (sbyte)(40 * co + 20 * ci + 3 * ky + kx);
                    }
                }
            }
        }

        sbyte[] oihw = CnnOnnxExporter.ToOihw(w, 2, 3);
        for (int i = 0; i < oihw.Length; i++)
        {
            int kx = i % 3, ky = i / 3 % 3, ci = i / 9 % 2, co = i / 18;
            Assert.Equal(40 * co + 20 * ci + 3 * ky + kx, oihw[i]);
        }
    }

    [Theory]
    [InlineData("full")]
    [InlineData("separable")]
    [InlineData("average-max")]
    public void CheckpointRestoresTheSameScores(string variant)
    {
        (CnnModel model, _, List<LabeledFrames> test) = Fixture(variant);
        string path = Path.Combine(_dir, "model.ckpt");
        CnnCheckpoint.Save(model, path, "{\"note\":1}");
        (CnnModel restored, string note) = CnnCheckpoint.Load(path);
        Assert.Equal("{\"note\":1}", note);
        ClipPredictions a = ClipEvaluator.Evaluate(model, test, Plan, new Workers(1));
        ClipPredictions b = ClipEvaluator.Evaluate(restored, test, Plan, new Workers(1));
        for (int c = 0; c < test.Count; c++)
        {
            Assert.Equal(a.Scores[c], b.Scores[c]);
        }

        File.WriteAllBytes(path, [1, 2, 3]);
        var ex = Assert.Throws<InvalidDataException>(() => CnnCheckpoint.Load(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Average_max_pooling_exports_band_mean_then_frame_mean_plus_frame_max()
    {
        ModelProto proto = ModelProto.Parser.ParseFrom(CnnOnnxExporter.Build(TrainedMeanMax.Value.Quantized, []).ToBytes());
        string[] ops = [.. proto.Graph.Node.Select(n => n.OpType).Where(o => o is not "DequantizeLinear" and not "QuantizeLinear")];
        Assert.Equal(["Conv", "Relu", "MaxPool", "Conv", "Relu", "ReduceMean", "ReduceMean", "ReduceMax", "Add", "Flatten", "Gemm", "Softmax"], ops);
        NodeProto[] reduce = [.. proto.Graph.Node.Where(n => n.OpType.StartsWith("Reduce", StringComparison.Ordinal))];
        Assert.Equal([3L, 2L, 2L], reduce.Select(n => n.Attribute.Single(a => a.Name == "axes").Ints.Single()));
        Assert.All(reduce, n => Assert.Equal(1, n.Attribute.Single(a => a.Name == "keepdims").I));
    }

    [Fact]
    public void A_checkpoint_keeps_the_global_pooling_and_one_without_it_pools_by_the_average()
    {
        string path = Path.Combine(_dir, "pooling.ckpt");
        CnnCheckpoint.Save(TrainedMeanMax.Value.Model, path, "{}");
        Assert.Equal(GlobalPooling.AverageMaxOverFrames, CnnCheckpoint.Load(path).Model.Architecture.GlobalPooling);
        CnnCheckpoint.Save(Trained.Value.Model, path, "{}");
        Assert.Equal(GlobalPooling.Average, CnnCheckpoint.Load(path).Model.Architecture.GlobalPooling);
    }

    [Fact]
    public void A_separable_block_exports_a_grouped_3x3_and_a_1x1_convolution()
    {
        ModelProto proto = ModelProto.Parser.ParseFrom(CnnOnnxExporter.Build(TrainedSeparable.Value.Quantized, []).ToBytes());
        NodeProto[] convs = [.. proto.Graph.Node.Where(n => n.OpType == "Conv")];
        Assert.Equal(3, convs.Length);
        Assert.DoesNotContain(convs[0].Attribute, a => a.Name == "group");
        Assert.Equal(8, convs[1].Attribute.Single(a => a.Name == "group").I);
        Assert.Equal([3L, 3L], convs[1].Attribute.Single(a => a.Name == "kernel_shape").Ints);
        Assert.Equal([1L, 1L], convs[2].Attribute.Single(a => a.Name == "kernel_shape").Ints);
        Assert.Equal([0L, 0L, 0L, 0L], convs[2].Attribute.Single(a => a.Name == "pads").Ints);
        Assert.Equal([8L, 1L, 3L, 3L], proto.Graph.Initializer.Single(t => t.Name == "conv2_w").Dims);
        Assert.Equal([16L, 8L, 1L, 1L], proto.Graph.Initializer.Single(t => t.Name == "conv3_w").Dims);
        Assert.Single(proto.Graph.Node, n => n.OpType == "MaxPool");
    }

    [Theory]
    [InlineData("full")]
    [InlineData("separable")]
    [InlineData("average-max")]
    public void An_exported_model_reads_back_as_the_same_architecture_and_scores(string variant)
    {
        (_, QuantizedCnn quantized, List<LabeledFrames> test) = Fixture(variant);
        string path = Path.Combine(_dir, "model.onnx");
        File.WriteAllBytes(path, CnnOnnxExporter.Export(quantized, []));
        CnnModel read = CnnOnnxImporter.Read(path).Model;
        Assert.Equal(quantized.Architecture.Blocks, read.Architecture.Blocks);
        Assert.Equal(variant == "separable" ? "8p,d16" : "8p,16", read.Architecture.Blocks);
        Assert.Equal(quantized.Architecture.GlobalPooling, read.Architecture.GlobalPooling);
        ClipPredictions q = ClipEvaluator.Evaluate(quantized, test, Plan, new Workers(1));
        ClipPredictions r = ClipEvaluator.Evaluate(read, test, Plan, new Workers(1));
        Assert.Equal(q.Predicted, r.Predicted);
        for (int c = 0; c < test.Count; c++)
        {
            for (int k = 0; k < Tiny.Classes; k++)
            {
                Assert.True(Math.Abs(q.Scores[c][k] - r.Scores[c][k]) < 0.05, $"clip {c} class {k}: int8 {q.Scores[c][k]} read back {r.Scores[c][k]}");
            }
        }
    }

    [Fact]
    public void Pointwise_weights_are_reordered_to_oihw()
    {
        // cin = 3, cout = 2: engine index ci*cout+co holds 10co + ci; ONNX [co, ci, 1, 1] is index co*cin+ci.
        sbyte[] w = [0, 10, 1, 11, 2, 12];
        Assert.Equal([0, 1, 2, 10, 11, 12], CnnOnnxExporter.ToOihw(w, 3, 2, kernel: 1));
    }

    [Fact]
    public void A_grouped_convolution_this_trainer_does_not_write_is_named_on_import()
    {
        ModelProto proto = ModelProto.Parser.ParseFrom(CnnOnnxExporter.Build(TrainedSeparable.Value.Quantized, []).ToBytes());
        proto.Graph.Node.First(n => n.OpType == "Conv" && n.Attribute.Any(a => a.Name == "group")).Attribute.Single(a => a.Name == "group").I = 4;
        string path = Path.Combine(_dir, "model.onnx");
        File.WriteAllBytes(path, proto.ToByteArray());
        var e = Assert.Throws<InvalidDataException>(() => CnnOnnxImporter.Read(path));
        Assert.StartsWith($"{path}: conv2 is a Conv with group 4 over weights [8, 1, 3, 3]", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"Frames\":16", "checkpoint architecture is not valid JSON")]
    [InlineData("{\"Frames\":\"x\"}", "checkpoint architecture is not valid JSON")]
    [InlineData("{\"Frames\":16,\"Bands\":16,\"Classes\":2,\"Channels\":[8,0],\"Pool\":[true,false],\"DropoutRate\":0.1,\"InputScale\":0.015625}", "Channels[1] must be positive")]
    [InlineData("{\"Frames\":16,\"Bands\":16,\"Classes\":2,\"Channels\":[8,16],\"Pool\":[true,false],\"DropoutRate\":0.1,\"InputScale\":0.015625,\"Separable\":[false]}", "Separable (1, or none)")]
    [InlineData("{\"Frames\":16,\"Bands\":16,\"Classes\":2,\"Channels\":[8,16],\"Pool\":[true,false],\"DropoutRate\":0.1,\"InputScale\":0.015625,\"GlobalPooling\":\"max\"}", "pooling 'max' is not one of average, average-max")]
    public void A_checkpoint_with_a_bad_architecture_header_is_named(string header, string expected)
    {
        string path = Path.Combine(_dir, "model.ckpt");
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            writer.Write("ESCNN1");
            writer.Write(header);
        }

        var e = Assert.Throws<InvalidDataException>(() => CnnCheckpoint.Load(path));
        Assert.StartsWith($"{path}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
