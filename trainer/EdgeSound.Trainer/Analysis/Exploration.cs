using System.Diagnostics;
using System.Globalization;
using EdgeSound.Learning.Clustering;
using EdgeSound.Learning.Decomposition;
using EdgeSound.Learning.Manifold;
using EdgeSound.Learning.Metrics;
using EdgeSound.Learning.Preprocessing;

namespace EdgeSound.Trainer.Analysis;

/// <summary>Parameters of the unsupervised half of analyze; clusterers that take a k use the number of classes present.</summary>
public sealed record ExplorationOptions
{
    public int Seed { get; init; } = 1;

    public double Perplexity { get; init; } = 30;

    public int TsneIterations { get; init; } = 1000;

    /// <summary>Clusterers run on the principal components that explain this share of the variance.</summary>
    public double ClusterVariance { get; init; } = 0.95;

    public int KMeansRestarts { get; init; } = 10;

    public int GmmRestarts { get; init; } = 3;

    /// <summary>DBSCAN radius; null: from the k-distance knee.</summary>
    public double? DbscanEps { get; init; }

    public int DbscanMinPoints { get; init; } = 5;

    public int HdbscanMinClusterSize { get; init; } = 8;
}

/// <summary>One clusterer's labels (noise = -1) and scores.</summary>
public sealed record ClusteringRun(string Name, int[] Labels, ClusterScore Score);

public sealed record ExplorationResult(
    double[][] Pca2,
    PcaSummary Pca,
    double[][] Tsne,
    double TsneSeconds,
    double TsnePerplexity,
    IReadOnlyList<ClusteringRun> Clusterings)
{
    public ClusteringSummary Summary()
    {
        ClusterScore Of(string name) => Clusterings.First(c => c.Name == name).Score;
        return new ClusteringSummary(Of("kmeans"), Of("dbscan"), Of("agglomerative"), Of("gmm"), Of("hdbscan"));
    }
}

/// <summary>Scaling, PCA, t-SNE and the five clusterers, each timed as its own stage.</summary>
public static class Exploration
{
    public static ExplorationResult Run(ClipFeatures data, ExplorationOptions options, StageTimer timer)
    {
        if (data.Count < 4) throw new ArgumentException($"Exploration needs at least 4 clips, got {data.Count}.");
        var scaled = timer.Run("scale", () => new StandardScaler().FitTransform(data.Rows));
        var (pca2, reduced, summary) = timer.Run("pca", () =>
        {
            var p = new Pca().Fit(scaled);
            var ratio = p.ExplainedVarianceRatio;
            int keep = Math.Max(2, p.ComponentsForVariance(options.ClusterVariance));
            double explained2 = ratio.Count switch { 0 => 0, 1 => ratio[0], _ => ratio[0] + ratio[1] };
            var s = new PcaSummary(explained2, p.ComponentsForVariance(0.95), ratio.Take(20).ToArray());
            return (p.Transform(scaled, Math.Min(2, ratio.Count)), p.Transform(scaled, Math.Min(keep, ratio.Count)), s);
        });

        double perplexity = Math.Min(options.Perplexity, (data.Count - 1) / 3.0);
        var clock = Stopwatch.StartNew();
        var tsne = timer.Run("tsne", () => new TSne(new TSneOptions
        {
            Perplexity = perplexity,
            Iterations = options.TsneIterations,
            Seed = options.Seed,
        }).Fit(scaled).Embedding);
        double tsneSeconds = clock.Elapsed.TotalSeconds;

        int k = Math.Max(2, Math.Min(data.Classes, data.Count - 1));
        var truth = data.ClassOf;
        var runs = new List<ClusteringRun>
        {
            Cluster("kmeans", timer, reduced, truth, false,
                () => new KMeans(new KMeansOptions { Clusters = k, Restarts = options.KMeansRestarts, Seed = options.Seed }).Fit(reduced).Labels,
                Params(("k", k), ("restarts", options.KMeansRestarts), ("init", "k-means++"))),
        };
        DbscanResult? db = null;
        runs.Add(Cluster("dbscan", timer, reduced, truth, true,
            () => (db = new Dbscan(new DbscanOptions { Eps = options.DbscanEps, MinPoints = options.DbscanMinPoints }).Fit(reduced)).Labels,
            () => Params(("eps", db!.Eps), ("eps_from", options.DbscanEps is null ? "k-distance knee" : "given"), ("min_points", options.DbscanMinPoints))));
        runs.Add(Cluster("agglomerative", timer, reduced, truth, false,
            () => new AgglomerativeClustering(new AgglomerativeOptions { Clusters = k }).Fit(reduced).Labels,
            Params(("k", k), ("linkage", "ward"))));
        runs.Add(Cluster("gmm", timer, reduced, truth, false,
            () => new GaussianMixture(new GaussianMixtureOptions { Components = k, Restarts = options.GmmRestarts, Seed = options.Seed }).Fit(reduced).Labels,
            Params(("k", k), ("covariance", "diagonal"), ("restarts", options.GmmRestarts))));
        int minCluster = Math.Max(2, options.HdbscanMinClusterSize);
        runs.Add(Cluster("hdbscan", timer, reduced, truth, true,
            () => new Hdbscan(new HdbscanOptions { MinClusterSize = minCluster }).Fit(reduced).Labels,
            Params(("min_cluster_size", minCluster))));

        foreach (var r in runs)
            timer.Log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Name,-13} clusters {r.Score.Clusters,3}  ARI {r.Score.Ari:0.000}  NMI {r.Score.Nmi:0.000}  silhouette {r.Score.Silhouette:0.000}{(r.Score.NoiseFraction is { } nf ? $"  noise {nf:P1}" : "")}"));
        return new ExplorationResult(pca2, summary, tsne, tsneSeconds, perplexity, runs);
    }

    private static ClusteringRun Cluster(
        string name, StageTimer timer, double[][] x, int[] truth, bool hasNoise, Func<int[]> fit, IReadOnlyDictionary<string, string> parameters) =>
        Cluster(name, timer, x, truth, hasNoise, fit, () => parameters);

    private static ClusteringRun Cluster(
        string name, StageTimer timer, double[][] x, int[] truth, bool hasNoise, Func<int[]> fit, Func<IReadOnlyDictionary<string, string>> parameters)
    {
        var clock = Stopwatch.StartNew();
        var labels = timer.Run(name, fit);
        double seconds = clock.Elapsed.TotalSeconds;
        int noise = 0;
        var clusters = new HashSet<int>();
        foreach (var l in labels)
        {
            if (l < 0) noise++;
            else clusters.Add(l);
        }
        var score = new ClusterScore(
            ClusteringMetrics.AdjustedRandIndex(truth, labels),
            ClusteringMetrics.NormalizedMutualInformation(truth, labels),
            ClusteringMetrics.Silhouette(x, labels),
            seconds,
            clusters.Count,
            hasNoise ? (double)noise / labels.Length : null,
            parameters());
        return new ClusteringRun(name, labels, score);
    }

    private static Dictionary<string, string> Params(params (string Key, object Value)[] values)
    {
        var d = new Dictionary<string, string>();
        foreach (var (key, value) in values)
            d[key] = value is double v ? v.ToString("G6", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        return d;
    }
}
