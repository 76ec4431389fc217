using System.Globalization;
using System.Text;
using EdgeSound.Dsp.Audio;

namespace EdgeSound.Trainer.Tests.Analysis;

/// <summary>
/// A tiny ESC-50-layout folder in a temp dir: four easily told-apart classes (low tone, high tone, white noise,
/// clicks), <see cref="ClipsPerClassAndFold"/> one-second clips per class in each of three folds, optionally one
/// corrupt WAV listed in the metadata.
/// </summary>
internal sealed class SyntheticEsc50 : IDisposable
{
    public const int Rate = 16000;
    public const int Folds = 3;
    public const int ClipsPerClassAndFold = 2;
    public static readonly string[] Classes = ["low_tone", "high_tone", "white_noise", "clicks"];
    public const string CorruptFile = "2-999-A-1.wav";

    public SyntheticEsc50(bool withCorruptFile, int rate = Rate)
    {
        Root = Directory.CreateTempSubdirectory("es-esc50-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, "audio"));
        Directory.CreateDirectory(Path.Combine(Root, "meta"));
        var csv = new StringBuilder("filename,fold,target,category,esc10,src_file,take\n");
        var rng = new Random(7);
        for (int fold = 1; fold <= Folds; fold++)
        {
            for (int target = 0; target < Classes.Length; target++)
            {
                for (int k = 0; k < ClipsPerClassAndFold; k++)
                {
                    int source = 100 * fold + 10 * target + k;
                    string name = string.Create(CultureInfo.InvariantCulture, $"{fold}-{source}-A-{target}.wav");
                    WavWriter.WritePcm16(Path.Combine(Root, "audio", name), Synthesize(target, rate, rng), rate);
                    csv.Append(CultureInfo.InvariantCulture, $"{name},{fold},{target},{Classes[target]},{(target % 2 == 0 ? "True" : "False")},{source},A\n");
                    Clips++;
                }
            }
        }
        if (withCorruptFile)
        {
            // A RIFF header cut short: the reader must name the file and the analysis must go on without it.
            File.WriteAllBytes(Path.Combine(Root, "audio", CorruptFile), Encoding.ASCII.GetBytes("RIFF\x10\0\0\0WAVEfmt "));
            csv.Append(CultureInfo.InvariantCulture, $"{CorruptFile},2,1,{Classes[1]},False,999,A\n");
        }
        File.WriteAllText(Path.Combine(Root, "meta", "esc50.csv"), csv.ToString());
    }

    public string Root { get; }

    /// <summary>Readable clips listed (the corrupt one not counted).</summary>
    public int Clips { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static float[] Synthesize(int target, int rate, Random rng)
    {
        var x = new float[rate];
        double gain = 0.2 + 0.3 * rng.NextDouble();
        double detune = 1 + 0.05 * (rng.NextDouble() - 0.5);
        for (int i = 0; i < x.Length; i++)
        {
            double t = (double)i / rate;
            double noise = rng.NextDouble() * 2 - 1;
            x[i] = (float)(gain * target switch
            {
                0 => Math.Sin(2 * Math.PI * 300 * detune * t) + 0.01 * noise,
                1 => Math.Sin(2 * Math.PI * 3000 * detune * t) + 0.01 * noise,
                2 => noise,
                _ => i % (rate / 20) < 40 ? noise : 0.001 * noise,
            });
        }
        return x;
    }
}
