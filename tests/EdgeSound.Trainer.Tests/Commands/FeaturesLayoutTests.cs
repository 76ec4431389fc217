using System.CommandLine;
using EdgeSound.Dsp.Audio;
using EdgeSound.Trainer.Commands;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary><c>features</c> on a folder per class: one row per readable clip, each unusable file named on stderr, exit 1.</summary>
public sealed class FeaturesLayoutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-features-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Features_of_a_folder_per_class_list_the_files_they_could_not_use()
    {
        string data = Path.Combine(_dir, "data");
        ToneClip.Write(Path.Combine(data, "kettle", "k1.wav"), 2000);
        ToneClip.Write(Path.Combine(data, "kettle", "k2.wav"), 2100);
        ToneClip.Write(Path.Combine(data, "fridge", "f1.wav"), 120);
        File.WriteAllBytes(Path.Combine(data, "fridge", "broken.wav"), [.. "RIFF"u8, 16, 0, 0, 0, .. "WAVEfmt "u8]);
        File.WriteAllText(Path.Combine(data, "fridge", "notes.txt"), "x");
        string csv = Path.Combine(_dir, "features.csv");

        var root = new RootCommand { FeaturesCommand.Create() };
        var error = new StringWriter();
        int code = root.Parse(["features", "--data", data, "--out", csv]).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(1, code);
        string log = error.ToString();
        Assert.Contains("folder per class", log, StringComparison.Ordinal);
        Assert.Contains("broken.wav", log, StringComparison.Ordinal);
        Assert.Contains("notes.txt: not a .wav file", log, StringComparison.Ordinal);
        string[] rows = File.ReadAllLines(csv);
        Assert.Equal(4, rows.Length);
        Assert.Equal(["fridge/f1.wav", "kettle/k1.wav", "kettle/k2.wav"], rows[1..].Select(r => r.Split(',')[0].Replace('\\', '/')));
        Assert.Equal(["0", "1", "1"], rows[1..].Select(r => r.Split(',')[2]));
    }

    [Fact]
    public void Features_without_a_usable_clip_stop_with_one_line_and_leave_the_csv_alone()
    {
        string data = Path.Combine(_dir, "data");
        foreach (string clip in new[] { Path.Combine(data, "kettle", "k1.wav"), Path.Combine(data, "fridge", "f1.wav") })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(clip)!);
            WavWriter.WritePcm16(clip, [], 16000);
        }

        string csv = Path.Combine(_dir, "keep.csv");
        File.WriteAllText(csv, "keep me");

        var root = new RootCommand { FeaturesCommand.Create() };
        var error = new StringWriter();
        int code = root.Parse(["features", "--data", data, "--out", csv]).Invoke(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(2, code);
        Assert.Equal($"features failed: {data}: only 0 clip(s) could be used; {csv} was not written.", error.ToString().TrimEnd().Split('\n')[^1].TrimEnd('\r'));
        Assert.DoesNotContain("wrote", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(csv));
    }
}
