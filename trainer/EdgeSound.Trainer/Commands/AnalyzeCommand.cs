using System.CommandLine;
using EdgeSound.Dsp.Features;
using EdgeSound.Trainer.Analysis;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// <c>analyze --data DIR --out DIR [--folds 1,2,3,4] [--highpass HZ] [--lowpass HZ]</c>: report.html and analysis.json. Exit code 0 when every
/// clip was used, 1 when some files were skipped (outputs still written, each skipped file listed on stderr and in
/// analysis.json), 2 when the analysis could not run (the message names the file or option).
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = DataOption.Description, Required = true };
        var output = new Option<string>("--out") { Description = "Folder for report.html and analysis.json.", Required = true };
        var folds = new Option<string?>("--folds") { Description = "Comma-separated folds (default: all in the metadata)." };
        var highPass = PreFilterArguments.HighPass();
        var lowPass = PreFilterArguments.LowPass();
        var command = new Command("analyze", "Analyze ESC-50: features, PCA, t-SNE, clusterers, classifiers; writes report.html and analysis.json.")
        {
            data, output, folds, highPass, lowPass,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var options = new AnalyzeOptions
                {
                    DataDir = parse.GetRequiredValue(data),
                    OutDir = parse.GetRequiredValue(output),
                    Folds = parse.GetValue(folds) is { } f ? FoldList.Set(f, "--folds") : null,
                    Features = PreFilterArguments.Apply(AnalysisFeatureOptions.Default, parse.GetValue(highPass), parse.GetValue(lowPass)),
                };
                OutputPath.CheckDirectory("--out", options.OutDir);
                var outcome = AnalysisPipeline.Run(options, error);
                var skipped = outcome.Document.Skipped;
                if (skipped.Count == 0) return 0;
                error.WriteLine($"{skipped.Count} file(s) skipped:");
                foreach (var s in skipped) error.WriteLine($"  {s.File}: {s.Reason}");
                return 1;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
            {
                error.WriteLine($"analyze failed: {ErrorLine.Message(e)}");
                return 2;
            }
        });
        return command;
    }
}
