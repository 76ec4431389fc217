using System.CommandLine;
using System.Globalization;
using System.Text;
using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Synthesis;
using EdgeSound.Dsp.Files;
using EdgeSound.Trainer.Cues;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// <c>cue render --pattern TEXT --out FILE.wav [--rate HZ] [--midi FILE.mid]</c> renders one pattern (format:
/// firmware/EdgeSound.Dsp/Synthesis/cue-patterns.md) to 16-bit mono WAV and optionally a format-0 MIDI file;
/// <c>cue compose --tempo BPM --key K --mode major|minor --brightness B --noisiness N --length-beats L [--seed S] --out FILE.txt</c>
/// writes a new pattern from features (and prints it on stdout). Every output file is checked before anything is written.
/// Exit 0 on success, 2 for a bad option value, pattern or output file (one line on stderr naming it).
/// </summary>
internal static class CueCommand
{
    /// <summary>Rates <c>--rate</c> accepts, Hz.</summary>
    public const int MinRate = 8000, MaxRate = 192000;

    public static Command Create()
    {
        var command = new Command("cue", "Render or compose one cue pattern.");
        command.Subcommands.Add(Render());
        command.Subcommands.Add(Compose());
        return command;
    }

    private static Command Render()
    {
        var pattern = new Option<string>("--pattern") { Description = "Pattern text, e.g. 'bpm=150 wave=square adsr=5,40,0.6,80: C5/8 E5/8 G5/4 r/8 G5/8'.", Required = true };
        var output = new Option<string>("--out") { Description = "WAV file to write (16-bit mono).", Required = true };
        var rate = new Option<int>("--rate") { Description = $"Sample rate, Hz ({MinRate}..{MaxRate}).", DefaultValueFactory = _ => 16000 };
        var midi = new Option<string?>("--midi") { Description = "Also write the pattern as a Standard MIDI File (format 0)." };
        var command = new Command("render", "Render a cue pattern to WAV (and MIDI).") { pattern, output, rate, midi };
        command.SetAction(parse =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            int hz = parse.GetValue(rate);
            if (hz is < MinRate or > MaxRate)
            {
                error.WriteLine($"cue render: --rate {hz}: expected {MinRate}..{MaxRate} Hz");
                return 2;
            }

            string wav = parse.GetRequiredValue(output);
            string? mid = parse.GetValue(midi);
            try
            {
                OutputPath.CheckFile("--out", wav);
                OutputPath.CheckFile("--midi", mid);
                OutputPath.CheckDistinct("--midi", mid, ("--out", wav));
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"cue render: {ErrorLine.Message(e)}");
                return 2;
            }

            CuePattern cue;
            float[] samples;
            try
            {
                cue = PatternParser.Parse(parse.GetRequiredValue(pattern));
                samples = CueRenderer.Render(cue, hz);
            }
            catch (Exception e) when (e is PatternFormatException or ArgumentException)
            {
                error.WriteLine($"cue render: --pattern: {ErrorLine.Message(e)}");
                return 2;
            }

            string current = wav;
            try
            {
                CreateParent(wav);
                AtomicFile.Write(wav, stream => WavWriter.WritePcm16(stream, samples, hz));
                if (mid is not null)
                {
                    current = mid;
                    CreateParent(mid);
                    MidiExport.Write(cue, mid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"cue render: cannot write {current}: {ErrorLine.Message(e)}");
                return 2;
            }

            double peak = samples.Length == 0 ? 0 : samples.Max(Math.Abs);
            error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{cue.Events.Count(e => !e.IsRest)} notes, {(double)samples.Length / hz:0.00} s at {hz} Hz, peak {20 * Math.Log10(Math.Max(peak, 1e-9)):0.0} dBFS -> {wav}{(mid is null ? "" : ", " + mid)}"));
            return 0;
        });
        return command;
    }

    private static Command Compose()
    {
        var tempo = new Option<double>("--tempo") { Description = $"Tempo, BPM ({ComposerInputs.MinTempo}..{ComposerInputs.MaxTempo}); sets the rhythm density.", Required = true };
        var key = new Option<string>("--key") { Description = "Tonic: C, C#, Db, D, ... B.", Required = true };
        var mode = new Option<string>("--mode") { Description = "major or minor.", Required = true };
        var brightness = new Option<double>("--brightness") { Description = "0..1: register and low-pass cut-off.", Required = true };
        var noisiness = new Option<double>("--noisiness") { Description = "0..1: waveform (sine .. noise), noise layer, envelope.", Required = true };
        var length = new Option<int>("--length-beats") { Description = $"Length in beats (1..{ComposerInputs.MaxLengthBeats}).", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed: same seed, same pattern.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Text file for the pattern.", Required = true };
        var command = new Command("compose", "Compose a new cue pattern from sound features.") { tempo, key, mode, brightness, noisiness, length, seed, output };
        command.SetAction(parse =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            string keyText = parse.GetRequiredValue(key);
            string modeText = parse.GetRequiredValue(mode);
            if (ComposerInputs.ParseKey(keyText) is not { } pc)
            {
                error.WriteLine($"cue compose: --key {keyText}: expected a tonic C, C#, Db, D, ... B");
                return 2;
            }

            if (ComposerInputs.ParseMode(modeText) is not { } scale)
            {
                error.WriteLine($"cue compose: --mode {modeText}: expected major or minor");
                return 2;
            }

            var inputs = new ComposerInputs(parse.GetValue(tempo), pc, scale,
                parse.GetValue(brightness), parse.GetValue(noisiness), parse.GetValue(length), parse.GetValue(seed));
            if (inputs.Problem() is { } problem)
            {
                error.WriteLine($"cue compose: {OptionName(problem.Input)} {problem.Value}: expected {problem.Expected}");
                return 2;
            }

            string path = parse.GetRequiredValue(output);
            try
            {
                OutputPath.CheckFile("--out", path);
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"cue compose: {ErrorLine.Message(e)}");
                return 2;
            }

            string text = CueComposer.Compose(inputs).ToText();
            try
            {
                CreateParent(path);
                AtomicFile.WriteAllText(path, text + "\n");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"cue compose: cannot write {path}: {ErrorLine.Message(e)}");
                return 2;
            }

            parse.InvocationConfiguration.Output.WriteLine(text);
            return 0;
        });
        return command;
    }

    private static string OptionName(ComposerInput input) => input switch
    {
        ComposerInput.Tempo => "--tempo",
        ComposerInput.Key => "--key",
        ComposerInput.Brightness => "--brightness",
        ComposerInput.Noisiness => "--noisiness",
        _ => "--length-beats",
    };

    private static void CreateParent(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }
    }
}
