using System.Globalization;
using EdgeSound.Trainer.Report;

namespace EdgeSound.Trainer.Analysis;

/// <summary>Turns the analysis results into report.html: scatters, histograms, contingency heatmaps, confusion, tables.</summary>
public static class ReportBuilder
{
    private const int HistogramFeatures = 12;
    private const int ImportanceBars = 30;

    public static HtmlReport Build(ClipFeatures data, ExplorationResult exploration, AnalysisDocument doc)
    {
        var report = new HtmlReport("EdgeSound: ESC-50 analysis");
        report.Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"{doc.Clips} clips, {doc.Classes} classes, folds {string.Join(", ", doc.Folds)}, {doc.Features} analysis features per clip."));
        report.Paragraph($"Pre-filter on the 16 kHz clips before the features: {doc.PreFilter.Describe()}.");
        report.Paragraph($"Data: {doc.Dataset.Name}, by {doc.Dataset.Author}, licensed {doc.Dataset.License} ({doc.Dataset.Source}).", note: true);
        if (doc.Skipped.Count > 0)
        {
            report.Heading("Skipped files");
            report.Table(["file", "reason"], doc.Skipped.Select(s => (IReadOnlyList<string>)[s.File, s.Reason]));
        }

        report.Heading("Metrics");
        report.Heading("Classifiers (leave-one-fold-out)", 3);
        report.Table(
            ["model", "accuracy", "std", "macro F1", "held-out fold: accuracy", "chosen by the inner grid", "seconds"],
            new[] { ("logistic regression", doc.Logreg), ("random forest", doc.Forest), ("RBF SVM", doc.Svm) }.Select(m => (IReadOnlyList<string>)
            [
                m.Item1, Pct(m.Item2.CvAccuracy), Pct(m.Item2.CvStd), F(m.Item2.MacroF1),
                string.Join(", ", m.Item2.Folds.Zip(m.Item2.FoldAccuracy, (f, a) => $"{f}: {Pct(a)}")),
                Chosen(m.Item2.Chosen), F(m.Item2.Seconds, "0.0"),
            ]));
        report.Heading("Clusterers (on the principal components for 95% of the variance)", 3);
        report.Table(
            ["clusterer", "clusters", "ARI", "NMI", "silhouette", "noise", "parameters", "seconds"],
            exploration.Clusterings.Select(c => (IReadOnlyList<string>)
            [
                c.Name, c.Score.Clusters.ToString(CultureInfo.InvariantCulture), F(c.Score.Ari), F(c.Score.Nmi), F(c.Score.Silhouette),
                c.Score.NoiseFraction is { } nf ? Pct(nf) : "-",
                string.Join(", ", c.Score.Parameters.Select(p => $"{p.Key}={p.Value}")), F(c.Score.Seconds, "0.00"),
            ]));
        report.Heading("Stages", 3);
        report.Paragraph("Wall time, and process CPU time over all threads (what a stage costs when the machine is shared). The report stage itself is in analysis.json.", note: true);
        report.Table(["stage", "wall seconds", "CPU seconds"], doc.StageSeconds.Select(s => (IReadOnlyList<string>)
            [s.Key, F(s.Value, "0.00"), doc.StageCpuSeconds is { } cpu && cpu.TryGetValue(s.Key, out var c) ? F(c, "0.00") : "-"]));

        report.Heading("Embeddings");
        var esc10 = new HashSet<int>();
        for (int i = 0; i < data.Count; i++) if (data.Esc10[i]) esc10.Add(data.ClassOf[i]);
        report.Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"PCA: the first two components explain {doc.Pca.Explained2d:P1} of the variance of the standardized features; {doc.Pca.Components95} components explain 95%."));
        AddScatters(report, "PCA", Column(exploration.Pca2, 0), Column(exploration.Pca2, 1), data, esc10, "PC 1", "PC 2");
        report.Paragraph(string.Create(CultureInfo.InvariantCulture,
            $"t-SNE: perplexity {exploration.TsnePerplexity:0.#}, {doc.TsneSeconds:0.0} s."));
        AddScatters(report, "t-SNE", Column(exploration.Tsne, 0), Column(exploration.Tsne, 1), data, esc10, "t-SNE 1", "t-SNE 2");
        report.Figure(BarChart.Render("PCA explained variance ratio per component",
            doc.Pca.ExplainedRatio.Select((_, i) => $"PC {i + 1}").ToArray(), doc.Pca.ExplainedRatio, "share of variance"));

        report.Heading("Feature histograms");
        var shown = HistogramChoice(data, doc.Forest.TopFeatures);
        report.Paragraph("The features the random forest ranks highest, over all clips (raw, unscaled values).", note: true);
        report.Grid(shown.Select(f => HistogramChart.Render(data.FeatureNames[f], Column(data.Rows, f))));

        report.Heading("Cluster vs class");
        report.Paragraph("Rows: true classes; columns: clusters, ordered by their most frequent class; noise last. Color: share of the row's largest cell.", note: true);
        foreach (var run in exploration.Clusterings)
        {
            var (matrix, columns) = Contingency(data.ClassOf, data.Classes, run.Labels);
            report.Figure(HeatmapChart.Render($"{run.Name}: cluster vs class (ARI {F(run.Score.Ari)}, NMI {F(run.Score.Nmi)})",
                matrix, data.ClassNames, columns, "class", "cluster", normalizePerRow: true));
        }

        report.Heading("Logistic regression");
        report.Figure(HeatmapChart.Render($"Confusion matrix, pooled over held-out folds (accuracy {Pct(doc.Logreg.CvAccuracy)})",
            ToMatrix(doc.Logreg.Confusion), data.ClassNames, data.ClassNames, "true class", "predicted class", normalizePerRow: true));
        var perClass = data.ClassNames.Select(n => doc.Logreg.PerClass.TryGetValue(n, out var s) ? s.F1 : double.NaN).ToArray();
        report.Figure(BarChart.Render("Per-class F1 (logistic regression)", data.ClassNames, perClass, "F1", "0.00"));
        report.Table(["class", "precision", "recall", "F1", "support"],
            data.ClassNames.Where(doc.Logreg.PerClass.ContainsKey).Select(n =>
            {
                var s = doc.Logreg.PerClass[n];
                return (IReadOnlyList<string>)[n, F(s.Precision), F(s.Recall), F(s.F1), s.Support.ToString(CultureInfo.InvariantCulture)];
            }));

        if (doc.Forest.TopFeatures is { Count: > 0 } top)
        {
            report.Heading("Random forest: feature importances");
            var bars = top.Take(ImportanceBars).ToArray();
            report.Figure(BarChart.Render("Mean impurity decrease (top features)", bars.Select(b => b.Feature).ToArray(),
                bars.Select(b => b.Importance).ToArray(), "importance", "0.0000"));
        }
        return report;
    }

    /// <summary>Class-by-cluster counts; clusters ordered by their most frequent class, the noise label (-1) last.</summary>
    public static (double[,] Matrix, string[] Columns) Contingency(int[] classOf, int classes, int[] labels)
    {
        var clusterIds = labels.Where(l => l >= 0).Distinct().ToList();
        bool noise = labels.Any(l => l < 0);
        var counts = new Dictionary<int, int[]>();
        foreach (var id in clusterIds) counts[id] = new int[classes];
        var noiseCounts = new int[classes];
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0) noiseCounts[classOf[i]]++;
            else counts[labels[i]][classOf[i]]++;
        }
        int Dominant(int id)
        {
            var c = counts[id];
            int best = 0;
            for (int k = 1; k < c.Length; k++) if (c[k] > c[best]) best = k;
            return best;
        }
        var ordered = clusterIds.OrderBy(Dominant).ThenByDescending(id => counts[id].Sum()).ToList();
        int cols = ordered.Count + (noise ? 1 : 0);
        var matrix = new double[classes, cols];
        var names = new string[cols];
        for (int j = 0; j < ordered.Count; j++)
        {
            names[j] = ordered[j].ToString(CultureInfo.InvariantCulture);
            for (int c = 0; c < classes; c++) matrix[c, j] = counts[ordered[j]][c];
        }
        if (noise)
        {
            names[cols - 1] = "noise";
            for (int c = 0; c < classes; c++) matrix[c, cols - 1] = noiseCounts[c];
        }
        return (matrix, names);
    }

    private static void AddScatters(HtmlReport report, string method, double[] x, double[] y, ClipFeatures data, IReadOnlySet<int> esc10, string xLabel, string yLabel)
    {
        report.Figure(ScatterChart.Render($"{method}, colored by class", x, y, data.ClassOf, data.ClassNames, xLabel, yLabel));
        if (esc10.Count > 0)
            report.Figure(ScatterChart.Render($"{method}, ESC-10 subset highlighted", x, y, data.ClassOf, data.ClassNames, xLabel, yLabel, esc10));
    }

    private static int[] HistogramChoice(ClipFeatures data, IReadOnlyList<FeatureImportance>? top)
    {
        var chosen = new List<int>();
        if (top is not null)
            foreach (var t in top)
            {
                int index = IndexOf(data.FeatureNames, t.Feature);
                if (index >= 0 && !chosen.Contains(index)) chosen.Add(index);
                if (chosen.Count == HistogramFeatures) break;
            }
        for (int f = 0; chosen.Count < Math.Min(HistogramFeatures, data.FeatureNames.Count); f++)
            if (!chosen.Contains(f)) chosen.Add(f);
        return chosen.ToArray();
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++) if (names[i] == name) return i;
        return -1;
    }

    private static double[] Column(double[][] rows, int column)
    {
        var c = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++) c[i] = column < rows[i].Length ? rows[i][column] : 0;
        return c;
    }

    private static double[,] ToMatrix(IReadOnlyList<int[]> rows)
    {
        int n = rows.Count, m = n == 0 ? 0 : rows[0].Length;
        var matrix = new double[n, m];
        for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) matrix[i, j] = rows[i][j];
        return matrix;
    }

    private static string Chosen(IReadOnlyList<IReadOnlyDictionary<string, string>> chosen) =>
        string.Join("; ", chosen.Select(c => string.Join(", ", c.Select(p => $"{p.Key}={p.Value}"))).Distinct());

    private static string F(double v, string format = "0.000") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Pct(double v) => double.IsFinite(v) ? (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";
}
