using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Synthesis;
using EdgeSound.Trainer.Commands;
using NAudio.Midi;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

public sealed class CueCommandTests : IDisposable
{
    private const string Example = "bpm=150 wave=square adsr=5,40,0.6,80: C5/8 E5/8 G5/4 r/8 G5/8";
    private readonly string _dir = Directory.CreateTempSubdirectory("es-cue-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void RenderWritesTheWavAtTheRateAndTheMidi()
    {
        string wav = Path.Combine(_dir, "out", "cue.wav"), mid = Path.Combine(_dir, "cue.mid");

        var (code, _, error) = TrainerCli.Run("cue", "render", "--pattern", Example, "--out", wav, "--rate", "22050", "--midi", mid);

        Assert.Equal(0, code);
        AudioClip clip = WavReader.Read(wav);
        Assert.Equal(22050, clip.SampleRate);
        Assert.Equal(Pcm.ToInt16(CueRenderer.Render(PatternParser.Parse(Example), 22050)), Pcm.ToInt16(clip.Samples));
        Assert.Equal(4, new MidiFile(mid).Events[0].OfType<NoteOnEvent>().Count());
        Assert.Contains("4 notes, 1.28 s at 22050 Hz", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bpm=150: C5/8 H5/8", "cue render: --pattern: pattern error at column 15, token 'H5/8'")]
    [InlineData("bpm=NaN: C5/8", "cue render: --pattern: pattern error at column 1, token 'bpm=NaN': bpm is a tempo in beats per minute, 20..400")]
    [InlineData("bpm=150: NaNhz/8", "cue render: --pattern: pattern error at column 10, token 'NaNhz/8': a frequency is written like '440hz', 20..20000 Hz")]
    [InlineData("C5 5000hz", "cue render: --pattern: note 2 (5000hz, 5000 Hz) is at or above half the sample rate 8000 Hz")]
    public void BadPatternsExitTwoWithOneLine(string pattern, string message)
    {
        string wav = Path.Combine(_dir, "bad.wav");
        var (code, _, error) = TrainerCli.Run("cue", "render", "--pattern", pattern, "--out", wav, "--rate", "8000");

        Assert.Equal(2, code);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(wav));
    }

    [Fact]
    public void BadRateAndUnwritableOutputExitTwo()
    {
        Assert.Equal((2, "cue render: --rate 100: expected 8000..192000 Hz"), Short(TrainerCli.Run("cue", "render", "--pattern", "C5", "--out", Path.Combine(_dir, "x.wav"), "--rate", "100")));
        string blocker = Path.Combine(_dir, "file");
        File.WriteAllText(blocker, "");
        var (code, _, error) = TrainerCli.Run("cue", "render", "--pattern", "C5", "--out", Path.Combine(blocker, "x.wav"));
        Assert.Equal(2, code);
        Assert.Equal($"cue render: --out {Path.Combine(blocker, "x.wav")}: cannot write there: {blocker} is a file, not a directory", error.Trim());
    }

    [Fact]
    public void ADirectoryAsMidiIsRefusedBeforeTheWavIsWritten()
    {
        string wav = Path.Combine(_dir, "c17.wav");

        var (code, _, error) = TrainerCli.Run("cue", "render", "--pattern", "bpm=150: C5/8", "--out", wav, "--midi", _dir);

        Assert.Equal(2, code);
        Assert.Equal($"cue render: --midi {_dir}: cannot write there: it is a directory", error.Trim());
        Assert.False(File.Exists(wav));
    }

    [Fact]
    public void MidiOnTheSameFileAsOutIsRefused()
    {
        string wav = Path.Combine(_dir, "c.wav");

        var (code, _, error) = TrainerCli.Run("cue", "render", "--pattern", "bpm=150: C5/8", "--out", wav, "--midi", wav);

        Assert.Equal(2, code);
        Assert.Equal($"cue render: --midi {wav}: is the same file as --out {wav}, which writing it would replace", error.Trim());
        Assert.False(File.Exists(wav));
    }

    [Fact]
    public void MidiThroughALinkToOutIsRefused()
    {
        string wav = Path.Combine(_dir, "linked.wav"), link = Path.Combine(_dir, "link.mid");
        File.WriteAllText(wav, "kept");
        File.CreateSymbolicLink(link, wav);

        var (code, _, error) = TrainerCli.Run("cue", "render", "--pattern", "bpm=150: C5/8", "--out", wav, "--midi", link);

        Assert.Equal(2, code);
        Assert.Equal($"cue render: --midi {link}: is the same file as --out {wav}, which writing it would replace", error.Trim());
        Assert.Equal("kept", File.ReadAllText(wav));
    }

    [Fact]
    public void ADirectoryAsOutIsNamedAsADirectory()
    {
        string mid = Path.Combine(_dir, "c.mid");

        var (code, _, error) = TrainerCli.Run("cue", "render", "--pattern", "bpm=150: C5/8", "--out", _dir, "--midi", mid);

        Assert.Equal(2, code);
        Assert.Equal($"cue render: --out {_dir}: cannot write there: it is a directory", error.Trim());
        Assert.False(File.Exists(mid));
    }

    [Fact]
    public void ComposeRefusesADirectoryAsOutBeforePrintingThePattern()
    {
        var (code, output, error) = TrainerCli.Run("cue", "compose", "--tempo", "120", "--key", "A", "--mode", "minor", "--brightness", "0.5", "--noisiness", "0.5", "--length-beats", "4", "--out", _dir);

        Assert.Equal(2, code);
        Assert.Equal($"cue compose: --out {_dir}: cannot write there: it is a directory", error.Trim());
        Assert.Equal("", output);
    }

    [Fact]
    public void ComposeWritesAPatternThatRendersAndIsTheSameForTheSameSeed()
    {
        string[] args = ["cue", "compose", "--tempo", "120", "--key", "A", "--mode", "minor", "--brightness", "0.7", "--noisiness", "0.2", "--length-beats", "4", "--seed", "5", "--out"];
        var (code, output, _) = TrainerCli.Run([.. args, Path.Combine(_dir, "a.txt")]);
        var (_, again, _) = TrainerCli.Run([.. args, Path.Combine(_dir, "b.txt")]);

        Assert.Equal(0, code);
        string text = File.ReadAllText(Path.Combine(_dir, "a.txt")).Trim();
        Assert.Equal(text, output.Trim());
        Assert.Equal(text, again.Trim());
        Assert.Equal(4, PatternParser.Parse(text).TotalBeats);
        Assert.Equal(0, TrainerCli.Run("cue", "render", "--pattern", text, "--out", Path.Combine(_dir, "a.wav")).Code);
    }

    [Theory]
    [InlineData("--key", "H", "cue compose: --key H: expected a tonic C, C#, Db, D, ... B")]
    [InlineData("--mode", "dorian", "cue compose: --mode dorian: expected major or minor")]
    [InlineData("--tempo", "300", "cue compose: --tempo 300: expected 40..240 BPM")]
    [InlineData("--noisiness", "-0.1", "cue compose: --noisiness -0.1: expected 0..1")]
    [InlineData("--length-beats", "0", "cue compose: --length-beats 0: expected 1..64")]
    public void ComposeRefusesBadValuesNamingTheOption(string option, string value, string message)
    {
        var values = new Dictionary<string, string> { ["--tempo"] = "120", ["--key"] = "A", ["--mode"] = "minor", ["--brightness"] = "0.5", ["--noisiness"] = "0.5", ["--length-beats"] = "4" };
        values[option] = value;
        string[] args = ["cue", "compose", .. values.SelectMany(kv => new[] { kv.Key, kv.Value }), "--out", Path.Combine(_dir, "c.txt")];

        Assert.Equal((2, message), Short(TrainerCli.Run(args)));
        Assert.False(File.Exists(Path.Combine(_dir, "c.txt")));
    }

    private static (int, string) Short((int Code, string Output, string Error) r) => (r.Code, r.Error.Trim());

}
