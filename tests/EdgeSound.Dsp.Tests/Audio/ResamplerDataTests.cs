using EdgeSound.Dsp.Audio;
using EdgeSound.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Dsp.Tests.Audio;

/// <summary>Runs only when ../shared/data exists (required when ES_REQUIRE_DATA=1).</summary>
public sealed class ResamplerDataTests(ITestOutputHelper output)
{
    [Fact]
    public void Esc50At44kResampledMatchesThePublished16kClips()
    {
        string? hi = DataPaths.Find("esc50-44k-sample", output);
        string? lo = DataPaths.Find("esc50-16k", output);
        if (hi is null || lo is null)
        {
            return;
        }

        string[] files = Directory.GetFiles(hi, "*.wav");
        Assert.Equal(12, files.Length);
        double min = 1;
        foreach (string file in files)
        {
            AudioClip source = WavReader.Read(file);
            Assert.Equal(44100, source.SampleRate);
            float[] ours = Resampler.Resample(source.Samples, source.SampleRate, 16000);
            AudioClip reference = WavReader.Read(Path.Combine(lo, "audio", Path.GetFileName(file)));
            int n = Math.Min(ours.Length, reference.Samples.Length);
            Assert.True(Math.Abs(ours.Length - reference.Samples.Length) <= 2, $"{file}: {ours.Length} vs {reference.Samples.Length} samples");
            double r = Correlation(ours.AsSpan(0, n), reference.Samples.AsSpan(0, n));
            output.WriteLine($"{Path.GetFileName(file)}: r = {r:F5}");
            min = Math.Min(min, r);
        }

        output.WriteLine($"min correlation {min:F5}");
        Assert.True(min >= 0.99, $"min correlation {min:F5}");
    }

    private static double Correlation(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ma += a[i];
            mb += b[i];
        }

        ma /= a.Length;
        mb /= b.Length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }
}
