using EdgeSound.Dsp.Audio;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>Half-second 16 kHz sine clips for dataset-layout tests.</summary>
internal static class ToneClip
{
    /// <summary>Writes 0.5 s of a <paramref name="hz"/> sine at amplitude 0.4 to <paramref name="path"/>, creating its folder.</summary>
    public static void Write(string path, double hz)
    {
        var x = new float[8000];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(0.4 * Math.Sin(2 * Math.PI * hz * i / 16000));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        WavWriter.WritePcm16(path, x, 16000);
    }

    /// <summary>
    /// A folder per class under <paramref name="root"/>: two clips per (label, Hz) pair, the second 5 % higher, so the
    /// classes are told apart by pitch.
    /// </summary>
    /// <returns><paramref name="root"/>.</returns>
    public static string Folders(string root, params (string Label, double Hz)[] classes)
    {
        foreach ((string label, double hz) in classes)
        {
            for (int k = 0; k < 2; k++)
            {
                Write(Path.Combine(root, label, $"{label}{k}.wav"), hz * (1 + 0.05 * k));
            }
        }

        return root;
    }
}
