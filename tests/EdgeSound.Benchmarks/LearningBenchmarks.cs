using BenchmarkDotNet.Attributes;
using EdgeSound.Learning.Classification;
using EdgeSound.Learning.Clustering;
using EdgeSound.Learning.Manifold;
using EdgeSound.Learning.Preprocessing;

namespace EdgeSound.Benchmarks;

/// <summary>
/// The learning algorithms at ESC-50 analysis scale: 1600 rows (folds 1-4) of about 100 features, 50 classes.
/// Run: dotnet run -c Release --project tests/EdgeSound.Benchmarks -- --filter "*LearningBenchmarks*"
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class LearningBenchmarks
{
    private double[][] _x = [];
    private double[][] _standardized = [];
    private int[] _y = [];

    [GlobalSetup]
    public void Setup()
    {
        const int classes = 50;
        const int perClass = 32;
        const int dims = 100;
        var random = new Random(1);
        var centres = new double[classes][];
        for (int c = 0; c < classes; c++)
        {
            centres[c] = new double[dims];
            for (int j = 0; j < dims; j++)
            {
                centres[c][j] = 0.35 * Gaussian(random);
            }
        }

        _x = new double[classes * perClass][];
        _y = new int[_x.Length];
        for (int i = 0; i < _x.Length; i++)
        {
            int c = i / perClass;
            _x[i] = new double[dims];
            for (int j = 0; j < dims; j++)
            {
                _x[i][j] = centres[c][j] + Gaussian(random);
            }

            _y[i] = c;
        }

        _standardized = new StandardScaler().FitTransform(_x);
    }

    [Benchmark]
    public double TSne1600x100() => new TSne().Fit(_x).KlDivergence;

    [Benchmark]
    public int WardLinkage1600() => new AgglomerativeClustering(new AgglomerativeOptions { Clusters = 50 }).Fit(_x).Merges.Count;

    [Benchmark]
    public int Hdbscan1600() => new Hdbscan(new HdbscanOptions()).Fit(_x).ClusterCount;

    [Benchmark]
    public double KMeans50() => new KMeans(new KMeansOptions { Clusters = 50, Restarts = 3 }).Fit(_x).Inertia;

    [Benchmark]
    public int LogisticRegressionC1() => LogisticRegression.Fit(_standardized, _y, 50, new LogisticRegressionOptions { C = 1 }).Iterations;

    [Benchmark]
    public int KernelSvmFit() => KernelSvm.Fit(_standardized, _y, 50, new KernelSvmOptions { C = 10 }).SupportVectorCount;

    [Benchmark]
    public int RandomForest100Trees() => RandomForest.Fit(_standardized, _y, 50, new RandomForestOptions { Trees = 100 }).Features;

    private static double Gaussian(Random random)
    {
        double u = 1.0 - random.NextDouble();
        double v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
