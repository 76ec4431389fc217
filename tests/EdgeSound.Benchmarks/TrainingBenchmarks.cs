using BenchmarkDotNet.Attributes;
using EdgeSound.Learning.Neural;

namespace EdgeSound.Benchmarks;

/// <summary>
/// The CNN engine's hot paths at the shipped architecture (the default <see cref="CnnArchitecture"/>: 5 conv blocks
/// 16p,32p,64p,128p,120 on a 96×64 input):
/// the register-blocked GEMM at the second convolution's three shapes (forward, weight gradient through the
/// transposed addressing, input gradient), one training step (forward + backward + AdamW) of a 32-window batch on
/// one core and on all cores, and int8-simulation inference. Samples per second = 32 / (step time).
/// Target: a 200-epoch run on folds 1-4 (320k crops) well under 60 minutes on 2 cores, i.e. ≥ 100 samples/s.
/// </summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private const int Batch = 32;
    private readonly CnnArchitecture _architecture = new();
    private CnnModel? _model;
    private QuantizedCnn? _quantized;
    private AdamW? _optimizer;
    private float[] _input = [];
    private float[] _targets = [];
    private float[] _gradient = [];
    private float[] _probabilities = [];
    private float[] _a = [];
    private float[] _b = [];
    private float[] _c = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _model = CnnModel.Create(_architecture, 1);
        _optimizer = new AdamW(_model.Network.Parameters, 0.02);
        _input = new float[Batch * _architecture.InputShape.Size];
        for (int i = 0; i < _input.Length; i++)
        {
            _input[i] = (sbyte)random.Next(-128, 128) * _architecture.InputScale;
        }

        _targets = new float[Batch * _architecture.Classes];
        for (int n = 0; n < Batch; n++)
        {
            _targets[n * _architecture.Classes + n % _architecture.Classes] = 1;
        }

        _gradient = new float[_targets.Length];
        _probabilities = new float[_targets.Length];
        _quantized = QuantizedCnn.Quantize(_model, _input, Batch, new Workers(1));
        _a = Fill(random, 1024 * 288);
        _b = Fill(random, 1024 * 288);
        _c = new float[1024 * 288];
    }

    [Benchmark(Description = "GEMM conv2 forward 1536x32x144")]
    public void GemmForward() => Gemm.Multiply(1536, 32, 144, _a, 144, 1, _b, 32, _c, 32, accumulate: false);

    [Benchmark(Description = "GEMM conv2 weight grad 144x32x1536 (Aᵀ)")]
    public void GemmWeightGradient() => Gemm.Multiply(144, 32, 1536, _a, 1, 144, _b, 32, _c, 32, accumulate: true);

    [Benchmark(Description = "GEMM conv2 input grad 1536x144x32")]
    public void GemmInputGradient() => Gemm.Multiply(1536, 144, 32, _a, 32, 1, _b, 144, _c, 144, accumulate: false);

    [Benchmark(Description = "train step, batch 32, 1 core")]
    public double TrainStepOneCore() => Step(new Workers(1));

    [Benchmark(Description = "train step, batch 32, all cores")]
    public double TrainStepAllCores() => Step(Workers.AllCores);

    [Benchmark(Description = "int8 simulation, 32 windows, all cores")]
    public float QuantizedInference()
    {
        _quantized!.Score(_input, Batch, _probabilities, Workers.AllCores);
        return _probabilities[0];
    }

    private double Step(Workers workers)
    {
        float[] logits = _model!.Network.Forward(_input, Batch, training: true, workers);
        double loss = SoftmaxCrossEntropy.LossAndGradient(logits, _targets, _gradient, Batch, _architecture.Classes);
        _model.Network.Backward(_gradient, Batch, workers);
        _optimizer!.Step(1e-4);
        return loss;
    }

    private static float[] Fill(Random random, int n)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (float)(random.NextDouble() - 0.5);
        }

        return x;
    }
}
