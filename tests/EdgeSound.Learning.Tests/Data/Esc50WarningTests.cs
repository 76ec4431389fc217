using System.Buffers.Binary;
using EdgeSound.Dsp.Audio;
using EdgeSound.Learning.Data;
using Xunit;

namespace EdgeSound.Learning.Tests.Data;

/// <summary>Dataset loading passes on WAV header warnings per file and warns once per too-narrow sample rate.</summary>
public sealed class Esc50WarningTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-esc50-warn-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Clip(string name, int rate, bool unfinished = false)
    {
        var stream = new MemoryStream();
        WavWriter.WritePcm16(stream, Enumerable.Range(0, rate / 10).Select(i => (float)Math.Sin(i * 0.1) * 0.2f).ToArray(), rate);
        byte[] bytes = stream.ToArray();
        if (unfinished)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), 0);
        }

        File.WriteAllBytes(Path.Combine(_dir, "audio", name), bytes);
    }

    [Fact]
    public void Header_faults_are_warned_per_file_and_8_kHz_once()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "audio"));
        Directory.CreateDirectory(Path.Combine(_dir, "meta"));
        File.WriteAllLines(Path.Combine(_dir, "meta", "esc50.csv"),
            ["filename,fold,target,category,esc10,src_file,take", "1-a.wav,1,0,dog,True,a,A", "1-b.wav,1,0,dog,True,b,A", "1-c.wav,1,0,dog,True,c,A"]);
        Clip("1-a.wav", 8000);
        Clip("1-b.wav", 8000);
        Clip("1-c.wav", 16000, unfinished: true);
        var dataset = Esc50Dataset.Open(_dir);
        var warnings = new List<string>();
        dataset.Warning = w =>
        {
            lock (warnings)
            {
                warnings.Add(w);
            }
        };
        var result = dataset.LoadAll(dataset.Clips);
        Assert.Equal(3, result.Loaded.Count);
        Assert.Equal(1600, result.Loaded[2].Samples.Length);
        Assert.Equal(2, warnings.Count);
        Assert.Single(warnings, w => w.Contains("(and any other clip at 8000 Hz): audio sampled at 8000 Hz holds nothing above 4000 Hz", StringComparison.Ordinal));
        Assert.Single(warnings, w => w.StartsWith(Path.Combine(_dir, "audio", "1-c.wav") + ": data chunk declares 0 bytes but audio follows", StringComparison.Ordinal));
    }
}
