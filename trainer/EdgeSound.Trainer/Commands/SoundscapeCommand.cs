using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Dsp.Audio;
using EdgeSound.Learning.Data;
using EdgeSound.Dsp.Files;
using EdgeSound.Learning.Soundscapes;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// <c>soundscape generate --data DIR --out X.wav [...]</c>: a long 16 kHz WAV of ESC-50 clips (folds 1-4 only) over a
/// background, with its ground truth (<c>X.csv</c> and <c>X.json</c>).
/// <c>soundscape score --truth X.csv --events E.jsonl [--json]</c>: event precision, recall and onset latency of the
/// daemon's events against the ground truth; event lines repeated exactly are scored as they are, with one warning.
/// Exit codes: 0 done, 2 bad input (the message names the file or option).
/// </summary>
internal static class SoundscapeCommand
{
    private static readonly HashSet<int> AllowedFolds = [1, 2, 3, 4];

    public static Command Create()
    {
        var command = new Command("soundscape", "Generate long ESC-50 soundscapes with ground truth, and score the daemon's events against them.");
        command.Subcommands.Add(Generate());
        command.Subcommands.Add(Score());
        return command;
    }

    private static Command Generate()
    {
        var data = new Option<string>("--data") { Description = "ESC-50 folder (audio/*.wav, meta/esc50.csv).", Required = true };
        var output = new Option<string>("--out") { Description = "Soundscape WAV, a path ending in .wav (16 kHz mono PCM16); ground truth goes beside it as .csv and .json.", Required = true };
        var duration = new Option<double>("--duration") { Description = "Seconds (default 600).", DefaultValueFactory = _ => 600 };
        var rate = new Option<double>("--rate") { Description = "Mean events per minute (default 4).", DefaultValueFactory = _ => 4 };
        var snr = new Option<string>("--snr") { Description = "Event SNR range in dB against the background, MIN,MAX (default 0,20).", DefaultValueFactory = _ => "0,20" };
        var background = new Option<string>("--background") { Description = "pink, brown, white, ambience (= esc50:rain,wind,sea_waves,crickets), or esc50:CLASS[,CLASS] (e.g. esc50:rain,wind) (default pink).", DefaultValueFactory = _ => "pink" };
        var level = new Option<double>("--background-dbfs") { Description = "Background RMS level in dBFS (default -50).", DefaultValueFactory = _ => -50 };
        var folds = new Option<string>("--folds") { Description = "Folds to draw clips from, within 1-4 (default 1,2,3,4).", DefaultValueFactory = _ => "1,2,3,4" };
        var labels = new Option<string?>("--labels") { Description = "Comma-separated ESC-50 classes to place (default: all but the background's), or esc10." };
        var seed = new Option<int>("--seed") { Description = "Random seed (default 1).", DefaultValueFactory = _ => 1 };
        var half = new Option<int>("--half") { Description = "Place clips of one half of each class's source recordings: 1 or 2 (0, the default: all); calibration and test sets use different halves.", DefaultValueFactory = _ => 0 };
        var command = new Command("generate", "Mix ESC-50 clips (folds 1-4) over a background into a long WAV plus ground truth.")
        {
            data, output, duration, rate, snr, background, level, folds, labels, seed, half,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var snrRange = ParseRange(parse.GetValue(snr)!, "--snr");
                var options = new SoundscapeOptions
                {
                    DurationSeconds = parse.GetValue(duration),
                    EventsPerMinute = parse.GetValue(rate),
                    MinSnrDb = snrRange.Min,
                    MaxSnrDb = snrRange.Max,
                    BackgroundDbfs = parse.GetValue(level),
                    Seed = parse.GetValue(seed),
                };
                options.Validate();
                var wav = parse.GetRequiredValue(output);
                CheckWavOut(wav, parse.GetRequiredValue(data));
                var foldSet = ParseFolds(parse.GetValue(folds)!);
                var dataset = Esc50Dataset.Open(parse.GetRequiredValue(data));
                dataset.Warning = w => error.WriteLine($"warning: {w}");
                var bg = parse.GetValue(background)!;
                if (bg == HeldOutSoundscapes.Ambience)
                {
                    bg = "esc50:" + string.Join(',', HeldOutSoundscapes.AmbienceClasses);
                }

                var halfValue = parse.GetValue(half);
                if (halfValue is < 0 or > 2)
                {
                    throw new ArgumentException($"--half {halfValue}: expected 0, 1 or 2");
                }

                var bgClasses = bg.StartsWith("esc50:", StringComparison.Ordinal) ? bg[6..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
                CheckClasses(dataset, bgClasses, "--background");
                var pool = dataset.InFolds(foldSet).ToList();
                var wanted = SelectLabels(dataset, parse.GetValue(labels), bgClasses);
                var clips = pool.Where(c => wanted.Contains(c.Category) && HeldOutSoundscapes.InHalf(c, pool, halfValue)).ToList();
                if (clips.Count == 0)
                {
                    throw new ArgumentException("--labels: no clip in the chosen folds has these labels");
                }

                error.WriteLine($"loading {clips.Count} clips from folds {string.Join(",", foldSet.Order())}...");
                var sources = clips.Select(c => new SourceClip(c.Category, c.FileName, dataset.LoadMono16k(c))).ToList();
                var samples = (int)(options.DurationSeconds * SoundscapeGenerator.SampleRate);
                var rng = new Random(options.Seed + 7919);
                var backgroundSamples = bgClasses.Length == 0
                    ? NoiseGenerator.Generate(bg, samples, options.BackgroundDbfs, rng)
                    : SoundscapeGenerator.LoopAmbience(pool.Where(c => bgClasses.Contains(c.Category)).Select(dataset.LoadMono16k).ToList(), samples, options.BackgroundDbfs, rng);
                var scape = SoundscapeGenerator.Generate(options, sources, backgroundSamples);
                if (Path.GetDirectoryName(Path.GetFullPath(wav)) is { } folder)
                {
                    Directory.CreateDirectory(folder);
                }

                AtomicFile.Write(wav, stream => WavWriter.WritePcm16(stream, scape.Samples, scape.SampleRate));
                var csv = Path.ChangeExtension(wav, ".csv");
                GroundTruth.Write(csv, scape.Events);
                WriteJson(Path.ChangeExtension(wav, ".json"), options, bg, foldSet, scape);
                error.WriteLine($"{scape.Events.Count} events in {options.DurationSeconds:0} s -> {wav}, {csv}");
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
            {
                error.WriteLine($"soundscape generate failed: {ErrorLine.Message(e)}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>
    /// Checks the soundscape's <c>--out</c> up front: it must end in .wav (any case), so that the ground truth written
    /// beside it as .csv and .json never lands on the WAV itself, all three files must be writable, and none may be a
    /// file of <paramref name="data"/> (the ESC-50 folder's <c>meta/esc50.csv</c>).
    /// </summary>
    /// <exception cref="ArgumentException">another extension, a file that cannot be written, or one of the data's; the path named.</exception>
    private static void CheckWavOut(string wav, string data)
    {
        OutputPath.CheckFile("--out", wav);
        if (!Path.GetExtension(wav).Equals(".wav", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--out {wav}: expected a .wav file (the ground truth goes beside it as .csv and .json)");
        }

        OutputPath.CheckFile("--out (ground truth)", Path.ChangeExtension(wav, ".csv"));
        OutputPath.CheckFile("--out (ground truth)", Path.ChangeExtension(wav, ".json"));
        foreach (string written in (string[])[wav, Path.ChangeExtension(wav, ".csv"), Path.ChangeExtension(wav, ".json")])
        {
            OutputPath.CheckDistinct(written == wav ? "--out" : "--out (ground truth)", written, DataOption.Files(data));
        }
    }

    private static Command Score()
    {
        var truth = new Option<string>("--truth") { Description = "Ground-truth CSV written by soundscape generate.", Required = true };
        var events = new Option<string>("--events") { Description = "The daemon's --events JSON lines.", Required = true };
        var duration = new Option<double?>("--duration") { Description = "Soundscape seconds (default: duration_s from the .json beside the truth)." };
        var collar = new Option<double>("--collar") { Description = "Seconds a detection may lie outside the true event and still match (default 0.5).", DefaultValueFactory = _ => 0.5 };
        var ignore = new Option<string?>("--ignore") { Description = "Comma-separated labels to leave out of the detections (e.g. the background's class)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of a table." };
        var command = new Command("score", "Event precision, recall and onset latency of daemon events against a soundscape's ground truth.")
        {
            truth, events, duration, collar, ignore, json,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var outp = parse.InvocationConfiguration.Output;
            try
            {
                var truthPath = parse.GetRequiredValue(truth);
                var eventsPath = parse.GetRequiredValue(events);
                InputPath.CheckFile("--truth", truthPath);
                InputPath.CheckFile("--events", eventsPath);
                var seconds = parse.GetValue(duration) is { } d ? CheckDuration(d) : ReadDuration(Path.ChangeExtension(truthPath, ".json"));
                var collarSeconds = CheckCollar(parse.GetValue(collar), seconds);
                var gt = GroundTruth.Read(truthPath, seconds);
                var dets = EventScorer.ReadEventLines(eventsPath, seconds, out int repeated);
                if (repeated > 0)
                {
                    error.WriteLine($"soundscape score: warning: {eventsPath}: {repeated} detection line(s) repeat an earlier line exactly, as when a second daemon run "
                        + "over the same soundscape appends to the --events file; scored as they are, so precision counts each repeat");
                }

                var ignored = parse.GetValue(ignore) is { } i ? CheckIgnored(i, gt, dets) : null;
                var s = EventScorer.Score(gt, dets, seconds, collarSeconds, ignored);
                if (parse.GetValue(json))
                {
                    outp.WriteLine(JsonSerializer.Serialize(new
                    {
                        truth = s.Truth,
                        detections = s.Detections,
                        matched = s.Matched,
                        false_alarms = s.FalseAlarms,
                        precision = EventScorer.Round(s.Precision),
                        recall = EventScorer.Round(s.Recall),
                        f1 = EventScorer.Round(s.F1),
                        any_label_recall = EventScorer.Round(s.AnyLabelRecall),
                        median_onset_latency_s = EventScorer.Round(s.MedianOnsetLatency),
                        p90_onset_latency_s = EventScorer.Round(s.P90OnsetLatency),
                        median_report_delay_s = EventScorer.Round(s.MedianReportDelay),
                        false_alarms_per_hour = EventScorer.Round(s.FalseAlarmsPerHour),
                        background_false_alarms = s.BackgroundFalseAlarms,
                        background_false_alarms_per_hour = EventScorer.Round(s.BackgroundFalseAlarmsPerHour),
                        recall_by_snr = s.RecallBySnr.ToDictionary(r => $"{r.MinDb:0}-{r.MaxDb:0}dB", r => new { truth = r.Truth, matched = r.Matched, recall = EventScorer.Round(r.Recall) }),
                        per_label = s.PerLabel.ToDictionary(l => l.Label, l => new { truth = l.Truth, detected = l.Detected, matched = l.Matched }),
                    }));
                }
                else
                {
                    var inv = CultureInfo.InvariantCulture;
                    outp.WriteLine(string.Format(inv, "events: {0} true, {1} detected, {2} matched, {3} false alarms ({4:0.0}/hour)", s.Truth, s.Detections, s.Matched, s.FalseAlarms, s.FalseAlarmsPerHour));
                    outp.WriteLine($"precision {EventScorer.Format(s.Precision)}  recall {EventScorer.Format(s.Recall)}  F1 {EventScorer.Format(s.F1)}  any-label recall {EventScorer.Format(s.AnyLabelRecall)}");
                    outp.WriteLine(string.Format(inv, "false alarms on background (no event at all): {0} ({1:0.0}/hour)", s.BackgroundFalseAlarms, s.BackgroundFalseAlarmsPerHour));
                    outp.WriteLine("recall by SNR: " + (s.RecallBySnr.Count == 0
                        ? "n/a (no true events)"
                        : string.Join("  ", s.RecallBySnr.Select(r => string.Format(inv, "{0:0}-{1:0} dB {2}/{3}", r.MinDb, r.MaxDb, r.Matched, r.Truth)))));
                    outp.WriteLine($"onset latency: median {EventScorer.Format(s.MedianOnsetLatency)} s, p90 {EventScorer.Format(s.P90OnsetLatency)} s; report delay median {EventScorer.Format(s.MedianReportDelay)} s");
                    foreach (var l in s.PerLabel)
                    {
                        outp.WriteLine(string.Format(inv, "  {0,-18} true {1,3}  detected {2,3}  matched {3,3}", l.Label, l.Truth, l.Detected, l.Matched));
                    }
                }

                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
            {
                error.WriteLine($"soundscape score failed: {ErrorLine.Message(e)}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>
    /// The <c>--ignore</c> labels, each an ESC-50 class or a label of the ground truth or the events: a label found in
    /// none of them (a typo such as <c>rian</c>) would leave the score silently unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">an unknown label, named with a did-you-mean when one is close.</exception>
    private static HashSet<string> CheckIgnored(string list, IReadOnlyList<SoundscapeEvent> truth, IReadOnlyList<EventDetection> detections)
    {
        var labels = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var known = Esc50Classes.All.Concat(truth.Select(e => e.Label)).Concat(detections.Select(d => d.Label)).Distinct(StringComparer.Ordinal).ToList();
        foreach (string label in labels.Where(l => !known.Contains(l, StringComparer.Ordinal)))
        {
            string hint = NameSuggestion.Nearest(label, known) is { } guess ? $"; did you mean {guess}?" : "";
            throw new ArgumentException($"--ignore {label}: not an ESC-50 class and not a label of the ground truth or the events{hint}");
        }

        return labels;
    }

    private static double ReadDuration(string jsonPath) =>
        File.Exists(jsonPath) ? SoundscapeJson.ReadDuration(jsonPath) : throw new ArgumentException($"--duration not given and {jsonPath} does not exist");

    /// <summary>The soundscape's length in seconds from <c>--duration</c>: positive and finite.</summary>
    private static double CheckDuration(double seconds) =>
        double.IsFinite(seconds) && seconds > 0 ? seconds : throw new ArgumentException($"--duration {Text(seconds)}: expected a positive finite number of seconds");

    /// <summary>The collar in seconds: finite, from 0 up to the soundscape's length (a wider collar matches anything anywhere).</summary>
    private static double CheckCollar(double collar, double durationSeconds) =>
        double.IsFinite(collar) && collar >= 0 && collar <= durationSeconds
            ? collar
            : throw new ArgumentException($"--collar {Text(collar)}: expected a finite number of seconds from 0 to the soundscape's duration ({Text(durationSeconds)} s)");

    private static string Text(double v) => v.ToString(CultureInfo.InvariantCulture);

    private static void WriteJson(string path, SoundscapeOptions o, string background, IReadOnlySet<int> folds, Soundscape scape)
    {
        var doc = new
        {
            duration_s = o.DurationSeconds,
            sample_rate = scape.SampleRate,
            seed = o.Seed,
            events_per_minute = o.EventsPerMinute,
            snr_db = new[] { o.MinSnrDb, o.MaxSnrDb },
            background,
            background_dbfs = o.BackgroundDbfs,
            folds = folds.Order().ToArray(),
            events = scape.Events.Select(e => new { label = e.Label, onset_s = Math.Round(e.Onset, 3), offset_s = Math.Round(e.Offset, 3), snr_db = Math.Round(e.SnrDb, 1), source = e.SourceFile }),
        };
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static (double Min, double Max) ParseRange(string text, string option)
    {
        if (!NumberRange.TryParse(text, out var a, out var b) || a > b)
        {
            throw new ArgumentException($"{option} {text}: expected MIN,MAX with MIN <= MAX");
        }

        return (a, b);
    }

    private static HashSet<int> ParseFolds(string text)
    {
        var set = FoldList.Parse(text, "--folds").ToHashSet();
        return set.IsSubsetOf(AllowedFolds)
            ? set
            : throw new ArgumentException($"--folds {text}: folds must be among 1,2,3,4 (fold 5 is held out and not used)");
    }

    private static HashSet<string> SelectLabels(Esc50Dataset dataset, string? labels, string[] background)
    {
        if (labels is null)
        {
            return dataset.Labels.Where(l => !background.Contains(l)).ToHashSet(StringComparer.Ordinal);
        }

        if (labels == "esc10")
        {
            return dataset.Clips.Where(c => c.Esc10).Select(c => c.Category).Where(l => !background.Contains(l)).ToHashSet(StringComparer.Ordinal);
        }

        var chosen = labels.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        CheckClasses(dataset, chosen, "--labels");
        return chosen.ToHashSet(StringComparer.Ordinal);
    }

    private static void CheckClasses(Esc50Dataset dataset, string[] classes, string option)
    {
        foreach (var c in classes)
        {
            if (Array.IndexOf(dataset.Labels, c) < 0)
            {
                throw new ArgumentException($"{option}: ESC-50 has no class '{c}'");
            }
        }
    }
}
