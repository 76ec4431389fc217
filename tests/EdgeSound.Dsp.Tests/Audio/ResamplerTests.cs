using EdgeSound.Dsp.Audio;
using Xunit;

namespace EdgeSound.Dsp.Tests.Audio;

public sealed class ResamplerTests
{
    private static float[] Tone(double hz, int rate, int length, double amplitude = 0.5)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            x[i] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / rate));
        }

        return x;
    }

    /// <summary>Level of <paramref name="y"/> relative to a 0.5-amplitude sine, in dB, away from the edges.</summary>
    private static double LevelDb(float[] y, int margin)
    {
        double sumSq = 0;
        int n = 0;
        for (int i = margin; i < y.Length - margin; i++)
        {
            sumSq += (double)y[i] * y[i];
            n++;
        }

        return 10 * Math.Log10(sumSq / n / (0.25 / 2));
    }

    [Theory]
    [InlineData(44100, 16000, 1000)]
    [InlineData(44100, 16000, 6000)]
    [InlineData(48000, 16000, 440)]
    [InlineData(48000, 16000, 7000)]
    [InlineData(22050, 16000, 3000)]
    [InlineData(8000, 16000, 1000)]
    [InlineData(8000, 16000, 3500)]
    [InlineData(16000, 44100, 5000)]
    [InlineData(44101, 16000, 1000)]
    [InlineData(47999, 16000, 7000)]
    public void PassBandToneKeepsItsLevel(int from, int to, double hz)
    {
        float[] y = Resampler.Resample(Tone(hz, from, from), from, to);
        Assert.InRange(LevelDb(y, to / 10), -0.1, 0.1);
    }

    [Theory]
    [InlineData(44100, 16000, 9000)]
    [InlineData(44100, 16000, 12000)]
    [InlineData(44100, 16000, 20000)]
    [InlineData(48000, 16000, 8500)]
    [InlineData(48000, 16000, 15000)]
    [InlineData(22050, 16000, 9500)]
    [InlineData(44101, 16000, 12000)]
    public void ToneAboveNewNyquistIsRejected(int from, int to, double hz)
    {
        float[] y = Resampler.Resample(Tone(hz, from, from), from, to);
        Assert.True(LevelDb(y, to / 10) <= -60, $"{hz} Hz: {LevelDb(y, to / 10):F1} dB");
    }

    [Theory]
    [InlineData(44100, 16000, 220500, 80000)]
    [InlineData(48000, 16000, 1000, 334)]
    [InlineData(8000, 16000, 999, 1998)]
    [InlineData(22050, 16000, 1, 1)]
    [InlineData(44100, 16000, 0, 0)]
    public void OutputLengthIsCeilOfScaledInput(int from, int to, int inLength, int outLength)
    {
        Assert.Equal(outLength, Resampler.Resample(new float[inLength], from, to).Length);
    }

    /// <summary>
    /// A rate pair with more phases than the kernel tabulates (44101 Hz to 16 kHz: 16000 phases) interpolates between
    /// tabulated rows; its output must be as close to the ideal sine as that of a tabulated pair.
    /// </summary>
    [Theory]
    [InlineData(44100)]
    [InlineData(44101)]
    [InlineData(48001)]
    public void A_tone_lands_on_the_ideal_samples_whether_the_phases_are_tabulated_or_interpolated(int from)
    {
        float[] y = Resampler.Resample(Tone(1000, from, from), from, 16000);
        double error = 0, power = 0;
        for (int n = 1600; n < y.Length - 1600; n++)
        {
            double ideal = 0.5 * Math.Sin(2 * Math.PI * 1000 * n / 16000.0);
            error += (y[n] - ideal) * (y[n] - ideal);
            power += ideal * ideal;
        }

        double db = 10 * Math.Log10(error / power);
        Assert.True(db < -70, $"{from} Hz: error {db:F1} dB below the tone");
    }

    [Fact]
    public void SameRateCopies()
    {
        float[] x = [1f, 2f, 3f];
        float[] y = Resampler.Resample(x, 16000, 16000);
        Assert.Equal(x, y);
        Assert.NotSame(x, y);
    }

    [Fact]
    public void DcIsPreserved()
    {
        var x = new float[44100];
        Array.Fill(x, 0.25f);
        float[] y = Resampler.Resample(x, 44100, 16000);
        for (int i = 1000; i < y.Length - 1000; i++)
        {
            Assert.Equal(0.25f, y[i], 1e-4f);
        }
    }

    [Fact]
    public void InvalidRatesAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Resampler.Resample([1f], 0, 16000));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingResampler(48000, -1));
    }

    [Theory]
    [InlineData(48000, 16000, 1)]
    [InlineData(44100, 16000, 2)]
    [InlineData(8000, 16000, 3)]
    [InlineData(22050, 16000, 4)]
    [InlineData(16000, 16000, 5)]
    [InlineData(44101, 16000, 6)]
    public void StreamingEqualsBatchForRandomChunks(int from, int to, int seed)
    {
        var rng = new Random(seed);
        var x = new float[from / 2 + rng.Next(1000)];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = (float)(rng.NextDouble() * 2 - 1);
        }

        float[] batch = Resampler.Resample(x, from, to);
        var s = new StreamingResampler(from, to);
        for (int round = 0; round < 2; round++)
        {
            var streamed = new List<float>();
            int pos = 0;
            while (pos < x.Length)
            {
                int n = Math.Min(x.Length - pos, rng.Next(0, 3000));
                var output = new float[s.MaxOutput(n)];
                int written = s.Process(x.AsSpan(pos, n), output);
                Assert.InRange(written, 0, output.Length);
                streamed.AddRange(output.AsSpan(0, written).ToArray());
                pos += n;
            }

            var tail = new float[s.MaxFlushOutput];
            int t = s.Flush(tail);
            streamed.AddRange(tail.AsSpan(0, t).ToArray());
            Assert.Equal(batch, streamed.ToArray());
        }
    }

    [Fact]
    public void StreamingResetStartsANewStream()
    {
        var x = Tone(1000, 48000, 4800);
        var s = new StreamingResampler(48000, 16000);
        var first = new float[s.MaxOutput(x.Length)];
        int a = s.Process(x, first);
        s.Reset();
        var second = new float[s.MaxOutput(x.Length)];
        int b = s.Process(x, second);
        Assert.Equal(a, b);
        Assert.Equal(first, second);
    }

    [Fact]
    public void StreamingRejectsUndersizedOutput()
    {
        var s = new StreamingResampler(48000, 16000);
        Assert.Throws<ArgumentException>(() => s.Process(new float[3000], new float[10]));
    }
}
