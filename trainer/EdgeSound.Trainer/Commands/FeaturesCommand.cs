using System.CommandLine;
using System.Text;
using EdgeSound.Dsp.Features;
using EdgeSound.Dsp.Files;
using EdgeSound.Trainer.Analysis;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// <c>features --data DIR --out FILE.csv [--folds 1,2,3,4] [--highpass HZ] [--lowpass HZ]</c>: the analysis feature
/// matrix as CSV; the pre-filter, when given, is named on stderr (the CSV layout is fixed). Exit 0 when every clip was
/// used, 1 when some files were skipped (each named on stderr), 2 with one line when nothing could be written (no
/// usable clip: an existing file is left as it was).
/// </summary>
internal static class FeaturesCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = DataOption.Description, Required = true };
        var output = new Option<string>("--out") { Description = "CSV to write: filename,fold,target,<one column per feature>.", Required = true };
        var folds = new Option<string?>("--folds") { Description = "Comma-separated folds (default: all in the metadata)." };
        var highPass = PreFilterArguments.HighPass();
        var lowPass = PreFilterArguments.LowPass();
        var command = new Command("features", "Write the clip-level analysis features of a dataset as CSV.") { data, output, folds, highPass, lowPass };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                OutputPath.CheckFile("--out", parse.GetRequiredValue(output));
                OutputPath.CheckDistinct("--out", parse.GetRequiredValue(output), DataOption.Files(parse.GetRequiredValue(data)));
                var selected = parse.GetValue(folds) is { } f ? FoldList.Set(f, "--folds") : null;
                var features = PreFilterArguments.Apply(AnalysisFeatureOptions.Default, parse.GetValue(highPass), parse.GetValue(lowPass));
                string dataDir = parse.GetRequiredValue(data);
                var loaded = FeatureLoader.Load(DataOption.Open(dataDir, error), selected, error, features);
                string path = parse.GetRequiredValue(output);
                if (loaded.Table.Rows.Length == 0)
                    throw new InvalidDataException($"{dataDir}: only 0 clip(s) could be used; {path} was not written.");
                if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
                AtomicFile.WriteText(path, loaded.Table.WriteCsv);
                error.WriteLine($"wrote {path}: {loaded.Table.Rows.Length} clips x {loaded.Table.FeatureNames.Length} features, pre-filter: {PreFilterSummary.From(features).Describe()}");
                if (loaded.Skipped.Count == 0) return 0;
                error.WriteLine($"{loaded.Skipped.Count} file(s) skipped, see above");
                return 1;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
            {
                error.WriteLine($"features failed: {ErrorLine.Message(e)}");
                return 2;
            }
        });
        return command;
    }
}
