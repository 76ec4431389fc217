using System.CommandLine;
using System.Globalization;
using EdgeSound.Inference;
using EdgeSound.Learning.Data;
using EdgeSound.Trainer.Analysis;
using EdgeSound.Trainer.Cues;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// <c>cues --data DIR --out DIR [--folds 1,2,3,4] [--model FILE.onnx]</c>: one cue per class of an ESC-50 folder from the
/// class's measured profile (<see cref="ClassCueComposer"/>), written by <see cref="CueFiles"/>. Prints the smallest
/// distance between two cues. Exit 0; 1 when clips were skipped or the smallest distance is under the floor (files are
/// still written); 2 for a bad folder, fold list, model or output folder.
/// </summary>
internal static class CuesCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "ESC-50 folder (audio/*.wav, meta/esc50.csv), any sample rate.", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for the patterns, WAV and MIDI files, index.html and cues.json.", Required = true };
        var folds = new Option<string?>("--folds") { Description = "Comma-separated folds to profile (default: all)." };
        var model = new Option<string?>("--model") { Description = "ONNX model: also report which class it hears in each cue." };
        var command = new Command("cues", "Compose one cue per class from the classes' measured profiles.") { data, output, folds, model };
        command.SetAction(parse =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            SoundClassifier? classifier = null;
            try
            {
                OutputPath.CheckDirectory("--out", parse.GetRequiredValue(output));
                IReadOnlySet<int>? selected = parse.GetValue(folds) is { } f ? FoldList.Set(f, "--folds") : null;
                Esc50Dataset dataset = Esc50Dataset.Open(parse.GetRequiredValue(data));
                dataset.Warning = w => error.WriteLine($"warning: {w}");
                List<Esc50Clip> clips = selected is null ? [.. dataset.Clips] : [.. dataset.InFolds(selected)];
                if (clips.Count == 0)
                {
                    error.WriteLine($"cues: no clips in {dataset.MetadataPath} for --folds {parse.GetValue(folds)}");
                    return 2;
                }

                classifier = parse.GetValue(model) is { } m ? SoundClassifier.Load(m) : null;
                var skipped = new List<string>();
                IReadOnlyList<ClassProfile> classes = ClassProfiles.Measure(dataset, clips, error, skipped);
                foreach (string s in skipped)
                {
                    error.WriteLine($"skipped {s}");
                }

                CueSet set = ClassCueComposer.Compose(classes);
                string dir = parse.GetRequiredValue(output);
                CueFiles.Write(set, dir, classifier);
                error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"wrote {set.Cues.Count} cues to {dir}; smallest distance between two cues {set.SmallestDistance:0.000} ({set.NearestA} / {set.NearestB}), floor {ClassCueComposer.DistanceFloor:0.00}"));
                if (set.SmallestDistance < ClassCueComposer.DistanceFloor)
                {
                    error.WriteLine($"cues: {set.NearestA} and {set.NearestB} are closer than the floor");
                    return 1;
                }

                return skipped.Count == 0 ? 0 : 1;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException or ModelLoadException)
            {
                error.WriteLine($"cues failed: {ErrorLine.Message(e)}");
                return 2;
            }
            finally
            {
                classifier?.Dispose();
            }
        });
        return command;
    }
}
