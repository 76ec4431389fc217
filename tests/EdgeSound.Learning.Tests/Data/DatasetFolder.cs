using EdgeSound.Dsp.Audio;

namespace EdgeSound.Learning.Tests.Data;

/// <summary>A temp folder to build dataset fixtures in: tones as WAV files, text files, broken WAVs.</summary>
internal sealed class DatasetFolder : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("es-dataset-").FullName;

    public string Path(string relative) => System.IO.Path.Combine(Dir, relative);

    /// <summary>A sine of <paramref name="hz"/> lasting <paramref name="seconds"/> at <paramref name="rate"/>.</summary>
    public string Tone(string relative, double seconds = 0.5, int rate = 16000, double hz = 440)
    {
        var x = new float[(int)(rate * seconds)];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / rate));
        }

        string path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        WavWriter.WritePcm16(path, x, rate);
        return path;
    }

    public string Text(string relative, params string[] lines)
    {
        string path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>A RIFF header cut short.</summary>
    public string BrokenWav(string relative)
    {
        string path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [.. "RIFF"u8, 16, 0, 0, 0, .. "WAVEfmt "u8]);
        return path;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}
