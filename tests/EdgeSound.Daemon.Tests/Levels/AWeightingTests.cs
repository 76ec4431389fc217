using System.Globalization;
using System.Numerics;
using NWaves.Filters.Base;
using NWaves.Filters.Base64;
using EdgeSound.Daemon.Levels;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.Levels;

/// <summary>The digital A weighting at 16 kHz against IEC 61672-1's table (third octaves, exact base-10 frequencies).</summary>
public sealed class AWeightingTests(ITestOutputHelper output)
{
    /// <summary>IEC 61672-1:2013 table 3: nominal frequency, A weighting (dB), 31.5 Hz to 8 kHz.</summary>
    public static readonly (double Nominal, double Db)[] Table =
    [
        (31.5, -39.4), (40, -34.6), (50, -30.2), (63, -26.2), (80, -22.5), (100, -19.1), (125, -16.1), (160, -13.4),
        (200, -10.9), (250, -8.6), (315, -6.6), (400, -4.8), (500, -3.2), (630, -1.9), (800, -0.8), (1000, 0.0),
        (1250, 0.6), (1600, 1.0), (2000, 1.2), (2500, 1.3), (3150, 1.2), (4000, 1.0), (5000, 0.5), (6300, -0.1), (8000, -1.1),
    ];

    /// <summary>The exact frequency of a nominal third-octave band: 1000 * 10^(n/10) Hz.</summary>
    public static double Exact(double nominal) => 1000 * Math.Pow(10, Math.Round(10 * Math.Log10(nominal / 1000)) / 10);

    [Fact]
    public void Analogue_formula_reproduces_the_standards_table()
    {
        foreach (var (nominal, db) in Table)
        {
            Assert.Equal(db, AWeighting.AnalogueGainDb(Exact(nominal)), 0.051);
        }
    }

    /// <summary>
    /// The filter against the table (rounded to 0.1 dB) and the exact formula: within 0.1 dB of the formula from 31.5 Hz
    /// to the 8 kHz band (7943 Hz), within 0.12 dB of the table (its rounding adds up to 0.05 dB); the plain bilinear
    /// design is printed beside it for comparison.
    /// </summary>
    [Fact]
    public void Digital_filter_at_16_kHz_follows_the_standard_within_0_1_dB_up_to_the_8_kHz_band()
    {
        output.WriteLine("nominal Hz | exact Hz | table dB | formula dB | filter dB | vs table | vs formula | plain bilinear dB | vs table");
        foreach (var (nominal, db) in Table)
        {
            var hz = Exact(nominal);
            var formula = AWeighting.AnalogueGainDb(hz);
            var digital = AWeighting.DigitalGainDb(hz, 16000);
            var bilinear = PlainBilinearGainDb(hz, 16000);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{nominal,10} | {hz,8:0.0} | {db,8:0.0} | {formula,10:0.00} | {digital,9:0.00} | {Signed(digital - db),8} | {Signed(digital - formula),10} | {bilinear,17:0.00} | {Signed(bilinear - db),8}"));
            Assert.True(Math.Abs(digital - formula) <= 0.1, $"{nominal} Hz: filter {digital:0.000} dB, formula {formula:0.000} dB");
            Assert.True(Math.Abs(digital - db) <= 0.12, $"{nominal} Hz: filter {digital:0.000} dB, table {db} dB");
        }

        var nyquist = AWeighting.DigitalGainDb(8000, 16000);
        output.WriteLine($"at 8000 Hz (Nyquist): filter {nyquist:0.00} dB, formula {AWeighting.AnalogueGainDb(8000):0.00} dB, plain bilinear -infinity");
        Assert.Equal(AWeighting.AnalogueGainDb(8000), nyquist, 0.2);
    }

    private static string Signed(double v) => Math.Round(v, 2).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);

    /// <summary>The textbook design for comparison: all six poles through the bilinear transform (two zeros land at Nyquist).</summary>
    private static double PlainBilinearGainDb(double hz, double fs)
    {
        Complex Response(double f)
        {
            var z = Complex.FromPolarCoordinates(1, 2 * Math.PI * f / fs);
            var h = Complex.One;
            foreach (var pole in new[] { AWeighting.F1, AWeighting.F1, AWeighting.F2, AWeighting.F3, AWeighting.F4, AWeighting.F4 })
            {
                var s = -2 * Math.PI * pole;
                var p = ((2 * fs) + s) / ((2 * fs) - s);
                h /= z - p;
            }

            return h * Complex.Pow(z - 1, 4) * Complex.Pow(z + 1, 2);
        }

        return 20 * Math.Log10(Response(hz).Magnitude / Response(1000).Magnitude);
    }

    [Fact]
    public void Streaming_filter_gives_the_output_of_NWaves_filter_chain_on_the_same_sections()
    {
        var reference = new FilterChain64(Array.ConvertAll(AWeighting.Sections(16000), s => new TransferFunction(s.B, s.A)));
        var filter = new AWeightingFilter(16000);
        var rng = new Random(9);
        var pcm = new short[20000];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)rng.Next(-20000, 20000);
        }

        var weighted = new double[pcm.Length];
        for (var start = 0; start < pcm.Length; start += 777)
        {
            var n = Math.Min(777, pcm.Length - start);
            filter.Process(pcm.AsSpan(start, n), weighted.AsSpan(start, n));
        }

        for (var i = 0; i < pcm.Length; i++)
        {
            Assert.Equal(reference.Process(pcm[i] / 32768.0), weighted[i], 1e-9);
        }
    }

    /// <summary>
    /// The block filter (FIR outputs computed several at once) returns, bit for bit, what a filter running one sample
    /// at a time returns: the same operations in the same order for each output, whatever the chunk sizes.
    /// </summary>
    [Fact]
    public void Block_filter_is_bit_identical_to_one_sample_at_a_time_for_any_chunk_sizes()
    {
        var rng = new Random(5);
        var pcm = new short[5000];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)rng.Next(short.MinValue, short.MaxValue + 1);
        }

        var expected = SampleBySample(pcm);
        foreach (var chunk in new[] { 1, 3, 17, 256, 511, 512, 513, 1024, 5000 })
        {
            var filter = new AWeightingFilter(16000);
            var weighted = new double[pcm.Length];
            for (var start = 0; start < pcm.Length; start += chunk)
            {
                var n = Math.Min(chunk, pcm.Length - start);
                filter.Process(pcm.AsSpan(start, n), weighted.AsSpan(start, n));
            }

            for (var i = 0; i < pcm.Length; i++)
            {
                Assert.True(expected[i] == weighted[i], $"chunks of {chunk}: sample {i} is {weighted[i]:R}, one at a time {expected[i]:R}");
            }
        }
    }

    /// <summary>The sections one sample at a time: two transposed direct form II biquads, then the folded symmetric FIR.</summary>
    private static double[] SampleBySample(short[] pcm)
    {
        var s = AWeighting.Sections(16000);
        var taps = s[2].B.Reverse().ToArray();
        var n = taps.Length;
        var line = new double[n];
        double s11 = 0, s12 = 0, s21 = 0, s22 = 0;
        var output = new double[pcm.Length];
        for (var i = 0; i < pcm.Length; i++)
        {
            var x = pcm[i] / 32768.0;
            var y1 = (s[0].B[0] * x) + s11;
            s11 = (s[0].B[1] * x) - (s[0].A[1] * y1) + s12;
            s12 = (s[0].B[2] * x) - (s[0].A[2] * y1);
            var y2 = (s[1].B[0] * y1) + s21;
            s21 = (s[1].B[1] * y1) - (s[1].A[1] * y2) + s22;
            s22 = (s[1].B[2] * y1) - (s[1].A[2] * y2);
            Array.Copy(line, 1, line, 0, n - 1);
            line[n - 1] = y2;
            var sum = taps[n / 2] * line[n / 2];
            for (var j = 0; j < n / 2; j++)
            {
                sum += taps[j] * (line[j] + line[n - 1 - j]);
            }

            output[i] = sum;
        }

        return output;
    }

    [Fact]
    public void Gain_is_exactly_0_dB_at_1_kHz_and_the_filter_is_stable()
    {
        Assert.Equal(0, AWeighting.DigitalGainDb(1000, 16000), 1e-9);
        foreach (var (_, a) in AWeighting.Sections(16000))
        {
            // A second-order section 1 + a1 z^-1 + a2 z^-2 is stable when |a2| < 1 and |a1| < 1 + a2; the FIR has a = [1].
            Assert.True(a.Length == 1 || (Math.Abs(a[2]) < 1 && Math.Abs(a[1]) < 1 + a[2]), $"unstable section a = [{string.Join(", ", a)}]");
        }
    }
}
