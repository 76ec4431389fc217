using System.Globalization;
using EdgeSound.Dsp.Features;
using EdgeSound.Learning.Data;
using EdgeSound.Trainer.Commands;

namespace EdgeSound.Trainer.Analysis;

public sealed record AnalyzeOptions
{
    public required string DataDir { get; init; }

    public required string OutDir { get; init; }

    /// <summary>Folds to analyze; null: all the metadata lists.</summary>
    public IReadOnlySet<int>? Folds { get; init; }

    /// <summary>Analysis feature settings, the pre-filter included.</summary>
    public AnalysisFeatureOptions Features { get; init; } = AnalysisFeatureOptions.Default;

    public ExplorationOptions Exploration { get; init; } = new();

    public ClassifierOptions Classifiers { get; init; } = new();
}

/// <summary>What analyze wrote and whether any clip had to be skipped.</summary>
public sealed record AnalyzeOutcome(AnalysisDocument Document, string ReportPath, string JsonPath);

/// <summary>
/// The analyze verb end to end: features of every clip (skipping, and listing, files that fail), scaling, PCA,
/// t-SNE, five clusterers, three classifiers by leave-one-fold-out, then report.html and analysis.json.
/// Stage times go to the log (stderr) and into analysis.json.
/// </summary>
public static class AnalysisPipeline
{
    public const string ReportFile = "report.html";
    public const string JsonFile = "analysis.json";

    public static AnalyzeOutcome Run(AnalyzeOptions options, TextWriter log)
    {
        var timer = new StageTimer(log);
        var dataset = DataOption.Open(options.DataDir, log);
        var loaded = timer.Run("features", () => FeatureLoader.Load(dataset, options.Folds, log, options.Features));
        var data = loaded.ToClipFeatures();
        if (data.Count < 4)
            throw new InvalidDataException($"{options.DataDir}: only {data.Count} clip(s) could be used; analyze needs at least 4.");
        if (data.FoldsPresent.Count < 2)
            throw new InvalidDataException($"{options.DataDir}: usable clips come from fold {string.Join(",", data.FoldsPresent)} only; leave-one-fold-out needs at least 2 folds.");
        if (data.Classes < 2)
            throw new InvalidDataException($"{options.DataDir}: usable clips come from 1 class only ({data.ClassNames[0]}); classifiers and clusterers need at least 2.");
        if (OneFoldClasses(data) is { Count: > 0 } oneFold)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{options.DataDir}: {oneFold.Count} class(es) have usable clips in one fold only, so leave-one-fold-out never trains on them when it tests them: {string.Join(", ", oneFold.Take(MaxNamed))}{(oneFold.Count > MaxNamed ? $" and {oneFold.Count - MaxNamed} more" : "")}; each class needs clips in at least 2 folds."));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{data.Count} clips, {data.Classes} classes, folds {string.Join(",", data.FoldsPresent)}, {data.FeatureNames.Count} features, pre-filter: {PreFilterSummary.From(options.Features).Describe()}"));

        var exploration = Exploration.Run(data, options.Exploration, timer);
        var classifiers = ClassifierStage.Run(data, options.Classifiers, timer);

        Directory.CreateDirectory(options.OutDir);
        string jsonPath = Path.Combine(options.OutDir, JsonFile);
        string reportPath = Path.Combine(options.OutDir, ReportFile);
        var document = timer.Run("report", () =>
        {
            var doc = Document(data, loaded, exploration, classifiers, timer.Seconds) with
            {
                StageCpuSeconds = timer.CpuSeconds,
                PreFilter = PreFilterSummary.From(options.Features),
            };
            ReportBuilder.Build(data, exploration, doc).Save(reportPath);
            return doc;
        });
        // Written last so that it carries the time of every stage, the report's included.
        document = document with { StageSeconds = timer.Seconds, StageCpuSeconds = timer.CpuSeconds };
        document.Save(jsonPath);
        log.WriteLine($"wrote {reportPath} and {jsonPath}");
        return new AnalyzeOutcome(document, reportPath, jsonPath);
    }

    /// <summary>Classes named in one refusal line at most.</summary>
    private const int MaxNamed = 10;

    /// <summary>"name (fold F)" of each class whose clips all lie in one fold.</summary>
    private static List<string> OneFoldClasses(ClipFeatures data) =>
        Enumerable.Range(0, data.Count)
            .GroupBy(i => data.ClassOf[i], i => data.Folds[i])
            .Where(g => g.Distinct().Count() == 1)
            .OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{data.ClassNames[g.Key]} (fold {g.First()})"))
            .ToList();

    private static AnalysisDocument Document(
        ClipFeatures data, LoadedFeatures loaded, ExplorationResult exploration, ClassifierStage.Result classifiers, IReadOnlyDictionary<string, double> stages) => new()
        {
            Clips = data.Count,
            Classes = data.Classes,
            Folds = data.FoldsPresent,
            Features = data.FeatureNames.Count,
            FeatureSeconds = stages["features"],
            Pca = exploration.Pca,
            TsneSeconds = exploration.TsneSeconds,
            TsnePerplexity = exploration.TsnePerplexity,
            Clustering = exploration.Summary(),
            Logreg = classifiers.Logreg,
            Forest = classifiers.Forest,
            Svm = classifiers.Svm,
            Skipped = loaded.Skipped,
            Dataset = loaded.Dataset is Esc50Layout ? DatasetCredit.Esc50 : DatasetCredit.Local(loaded.Dataset.Layout, loaded.Dataset.Location),
            StageSeconds = stages,
        };
}
