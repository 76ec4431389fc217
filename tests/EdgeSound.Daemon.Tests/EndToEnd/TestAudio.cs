using EdgeSound.Dsp.Audio;

namespace EdgeSound.Daemon.Tests.EndToEnd;

/// <summary>Test recordings: pink-ish noise at -50 dBFS with 1 kHz tone bursts at -13 dBFS where asked.</summary>
internal static class TestAudio
{
    public static float[] NoiseWithTones(double seconds, IReadOnlyList<(double Start, double Length)> tones, int rate = 16000, int seed = 1)
    {
        var rng = new Random(seed);
        var x = new float[(int)(seconds * rate)];
        double y = 0;
        for (var i = 0; i < x.Length; i++)
        {
            y = (0.9 * y) + (0.1 * ((rng.NextDouble() * 2) - 1));
            x[i] = (float)(y * 0.03);
        }

        foreach (var (start, length) in tones)
        {
            var s = (int)(start * rate);
            for (var i = 0; i < (int)(length * rate) && s + i < x.Length; i++)
            {
                x[s + i] += (float)(0.3 * Math.Sin(2 * Math.PI * 1000 * i / rate));
            }
        }

        return x;
    }

    public static string WriteWav(string path, float[] samples, int rate = 16000)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavWriter.WritePcm16(path, samples, rate);
        return path;
    }
}
