using EdgeSound.Dsp.Audio;

namespace EdgeSound.Learning.Tests.Data;

/// <summary>A tiny ESC-50 folder in a temp directory: tones at a chosen rate, plus optional broken rows.</summary>
internal sealed class Esc50Fixture : IDisposable
{
    public const string Header = "filename,fold,target,category,esc10,src_file,take";

    public Esc50Fixture()
    {
        Dir = Path.Combine(Path.GetTempPath(), $"es-esc50-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(Dir, "audio"));
        Directory.CreateDirectory(Path.Combine(Dir, "meta"));
    }

    public string Dir { get; }

    public string CsvPath => Path.Combine(Dir, "meta", "esc50.csv");

    public void WriteCsv(params string[] lines) => File.WriteAllLines(CsvPath, lines);

    public void WriteTone(string name, int rate, double hz, double seconds = 0.5)
    {
        var x = new float[(int)(rate * seconds)];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / rate));
        }

        WavWriter.WritePcm16(Path.Combine(Dir, "audio", name), x, rate);
    }

    public void WriteBytes(string name, byte[] bytes) => File.WriteAllBytes(Path.Combine(Dir, "audio", name), bytes);

    /// <summary>Three good clips (16 kHz, 44.1 kHz, 8 kHz), one corrupt WAV, one missing file.</summary>
    public static Esc50Fixture WithGoodAndBadClips()
    {
        var f = new Esc50Fixture();
        f.WriteTone("1-1-A-0.wav", 16000, 500);
        f.WriteTone("1-2-A-1.wav", 44100, 1000);
        f.WriteTone("2-3-A-0.wav", 8000, 700);
        f.WriteBytes("2-4-A-1.wav", [.. "RIFF"u8, 4, 0, 0, 0, .. "WAVE"u8, .. "data"u8, 200, 0, 0, 0, 1, 2]);
        f.WriteCsv(
            Header,
            "1-1-A-0.wav,1,0,dog,True,1,A",
            "1-2-A-1.wav,1,1,rooster,False,2,A",
            "2-3-A-0.wav,2,0,dog,True,3,A",
            "2-4-A-1.wav,2,1,rooster,False,4,A",
            "3-5-A-1.wav,3,1,rooster,False,5,A");
        return f;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
