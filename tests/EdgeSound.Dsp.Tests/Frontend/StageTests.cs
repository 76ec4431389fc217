using Xunit;
using EdgeSound.Dsp.Frontend;

namespace EdgeSound.Dsp.Tests.FrontendTests;

/// <summary>Each stage alone, with numbers that can be checked by hand.</summary>
public sealed class StageTests
{
    [Fact]
    public void HannWindowQ30ValuesAtKnownPoints()
    {
        var window = new HannWindow(512);
        ReadOnlySpan<int> w = window.Coefficients;
        Assert.Equal(0, w[0]);
        Assert.Equal(1 << 29, w[128]);        // 0.5 - 0.5 cos(pi/2) = 0.5
        Assert.Equal(1 << 30, w[256]);        // peak 1.0
        Assert.Equal(1 << 29, w[384]);
        Assert.Equal(w[1], w[511]);           // periodic: symmetric about n = N/2
        Assert.InRange(w[4], 646_000, 647_500); // 2^30 * (0.5 - 0.5 cos(2 pi 4 / 512)) = 646 678
        long sum = 0;
        foreach (int v in w)
        {
            sum += v;
        }

        Assert.Equal(256L << 30, sum);       // the periodic Hann window sums to N / 2
    }

    [Fact]
    public void BlockShiftUsesTheFramesHeadroom()
    {
        FixedPointScaling scaling = FixedPointScaling.For(FrontendConfig.Default);   // |y| must stay below 2^21
        Assert.Equal(0, scaling.BlockShift([0, (1 << 20) + 5, -3]));
        Assert.Equal(1, scaling.BlockShift([0, -((1 << 20) - 1), 3]));
        Assert.Equal(11, scaling.BlockShift([1000, -1000, 0]));                        // 1000 < 2^10: 21 - 10
        Assert.Equal(12, scaling.BlockShift([1, -1, 0]));                              // 21 - 1 = 20, capped
        Assert.Equal(-6, scaling.BlockShift([32767 << 12]));                           // full-scale int16 in Q12 < 2^27
        Assert.Equal(-8, scaling.BlockShift([-(1 << 28)]));                            // DC-removal overshoot, 2^28 < 2^29
        Assert.Equal(FixedPointScaling.MaxBlockShift, scaling.BlockShift(new int[8]));  // digital silence
    }

    [Fact]
    public void HannWindowRoundsAndZeroPads()
    {
        var window = new HannWindow(4);      // 0, 0.5, 1, 0.5
        var output = new int[8];
        output.AsSpan().Fill(99);
        window.Process([1000, 1001, -3, 65537], output);
        Assert.Equal([0, 501, -3, 32769, 0, 0, 0, 0], output);   // 500.5 rounds up, 32768.5 rounds up
        window.Process([1000, 1001, -3, 65537], output, blockShift: 1);
        Assert.Equal([0, 1001, -6, 65537, 0, 0, 0, 0], output);  // the same, times 2
        window.Process([1000, 1001, -3, 65537], output, blockShift: -2);
        Assert.Equal([0, 125, -1, 8192, 0, 0, 0, 0], output);    // divided by 4: 125.125, -0.75, 8192.125
    }

    [Fact]
    public void FftOfImpulseIsFlat()
    {
        var fft = new RealFft(512);
        var x = new int[512];
        x[0] = 1000;
        var re = new int[257];
        var im = new int[257];
        fft.Forward(x, re, im);
        Assert.All(re, v => Assert.Equal(2000, v));   // output is 2 * X_k, X_k = 1000 for every k
        Assert.All(im, v => Assert.Equal(0, v));
    }

    [Fact]
    public void FftOfDelayedImpulseRotates()
    {
        var fft = new RealFft(16);
        var x = new int[16];
        x[4] = 1 << 20;                                  // X_k = A e^{-i pi k / 2}: 1, -i, -1, i, ...
        var re = new int[9];
        var im = new int[9];
        fft.Forward(x, re, im);
        int a2 = 2 << 20;
        Assert.Equal([a2, 0, -a2, 0, a2, 0, -a2, 0, a2], re);
        Assert.Equal([0, -a2, 0, a2, 0, -a2, 0, a2, 0], im);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(255)]
    public void FftOfSingleBinCosineHasOneLine(int bin)
    {
        const int n = 512;
        const int amplitude = 30000;
        var x = new int[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = (int)Math.Round(amplitude * Math.Cos(2 * Math.PI * bin * i / n));
        }

        var re = new int[257];
        var im = new int[257];
        new RealFft(n).Forward(x, re, im);
        for (int k = 0; k <= n / 2; k++)
        {
            // 2 * (A N / 2) in the cosine's bin; elsewhere only the input's rounding to integers (about 13 rms).
            double expected = k == bin ? amplitude * n : 0;
            Assert.InRange(re[k], expected - 200, expected + 200);
            Assert.InRange(im[k], -200, 200);
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(512)]
    [InlineData(4096)]
    public void FftMatchesDirectDftOnRandomInput(int n)
    {
        var random = new Random(n);
        var x = new int[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = random.Next(-131071, 131072) / (n / 64);
        }

        var re = new int[(n / 2) + 1];
        var im = new int[(n / 2) + 1];
        new RealFft(n).Forward(x, re, im);
        foreach (int k in new[] { 0, 1, 3, n / 8, (n / 2) - 1, n / 2 })
        {
            double sr = 0, si = 0;
            for (int i = 0; i < n; i++)
            {
                double angle = -2 * Math.PI * k * (long)i / n;
                sr += x[i] * Math.Cos(angle);
                si += x[i] * Math.Sin(angle);
            }

            // Twiddle rounding adds an error that grows like sqrt(N).
            double tolerance = 8 + (n / 64);
            Assert.InRange(re[k], (2 * sr) - tolerance, (2 * sr) + tolerance);
            Assert.InRange(im[k], (2 * si) - tolerance, (2 * si) + tolerance);
        }
    }

    [Fact]
    public void PowerSpectrumIsSquaredMagnitudeOfX()
    {
        var power = new PowerSpectrum(16);
        Assert.Equal(9, power.Bins);
        var p = new ulong[9];
        power.Process([6, -6, 0, 2, 1, 0, 0, 0, 1 << 30], [8, 0, 0, 2, 1, 0, 0, 0, 1 << 30], p);
        // re and im hold 2X: P = re^2 + im^2 = 4 |X|^2, exact.
        Assert.Equal([100UL, 36, 0, 8, 2, 0, 0, 0, 1UL << 61], p);
    }

    [Fact]
    public void ScalingKeepsHeadroomForEveryWindow()
    {
        // FFT input below 2^(30 - ceil(log2 W)): 2^21 * 512 = 2^30 still fits int32.
        Assert.Equal(new FixedPointScaling(21), FixedPointScaling.For(FrontendConfig.Default));
        Assert.Equal(-62, FixedPointScaling.EnergyLog2Offset);                        // -(2 + 2 * (12 + 12) + 12)
        Assert.Equal(18, FixedPointScaling.For(FrontendConfig.Default with { WindowSamples = 4096, HopSamples = 1024, FftSize = 4096 }).FftInputBits);
        Assert.Equal(21, FixedPointScaling.For(FrontendConfig.Default with { WindowSamples = 400, HopSamples = 160 }).FftInputBits);
        Assert.Equal(22, FixedPointScaling.For(FrontendConfig.Default with { WindowSamples = 256, FftSize = 256, HopSamples = 128, MelBands = 32 }).FftInputBits);
    }

    [Fact]
    public void MelWeightsAreTrianglesThatSumToOneBetweenCentres()
    {
        FrontendConfig config = FrontendConfig.Default;
        var bank = new MelFilterbank(config);
        Assert.Equal(64, bank.Bands);
        double[] centres = MelBandLayout.CentersHz(config);
        var total = new int[257];
        for (int b = 0; b < bank.Bands; b++)
        {
            ReadOnlySpan<uint> w = bank.BandWeights(b);
            Assert.True(w.Length > 0, $"band {b} is empty");
            Assert.True(w[0] > 0 && w[^1] > 0, $"band {b}: run not trimmed");
            for (int k = 0; k < w.Length; k++)
            {
                Assert.InRange(w[k], 0u, 4096u);
                total[bank.FirstBin(b) + k] += (int)w[k];
            }
        }

        // Adjacent triangles cross-fade: between the first and last centre every bin's weights add to 1.0 (Q12),
        // give or take the rounding of two weights.
        for (int k = 0; k <= 256; k++)
        {
            double hz = k * 31.25;
            if (hz > centres[0] && hz < centres[^1])
            {
                Assert.InRange(total[k], 4095, 4097);
            }
        }

        Assert.Equal(0, total[0]);            // below 60 Hz
        Assert.Equal(0, total[250]);          // 7812.5 Hz is above 7800 Hz
    }

    [Fact]
    public void MelBandEdgesFollowTheHtkFormula()
    {
        double[] edges = MelBandLayout.EdgesHz(FrontendConfig.Default);
        Assert.Equal(66, edges.Length);
        Assert.Equal(60, edges[0], 9);
        Assert.Equal(7800, edges[^1], 9);
        Assert.Equal(1000, MelBandLayout.MelToHz(MelBandLayout.HzToMel(1000)), 9);
        Assert.Equal(999.99, MelBandLayout.HzToMel(1000), 0.01);  // 2595 log10(1 + 1000/700)
        Assert.InRange(edges[1], 88, 90);                           // hand-computed: 88.8 Hz
    }

    [Fact]
    public void FilterbankSumsWeightedPower()
    {
        var config = new FrontendConfig { SampleRate = 16000, FftSize = 64, WindowSamples = 64, HopSamples = 32, MelBands = 4, LowHz = 300, HighHz = 4000 };
        var bank = new MelFilterbank(config);
        var power = new ulong[33];
        power[10] = 1000;                     // 2500 Hz
        power[11] = 1UL << 61;                // 2750 Hz, the largest power a bin can hold: the sum must not wrap
        var e = new UInt128[4];
        bank.Process(power, e);
        for (int b = 0; b < 4; b++)
        {
            UInt128 expected = 0;
            foreach (int bin in new[] { 10, 11 })
            {
                int offset = bin - bank.FirstBin(b);
                expected += offset >= 0 && offset < bank.BandWeights(b).Length ? (UInt128)bank.BandWeights(b)[offset] * power[bin] : 0;
            }

            Assert.Equal(expected, e[b]);
        }

        Assert.True(e[3] > ((UInt128)4000 << 61), "2750 Hz is band 3's peak: weight ~4096 times 2^61");
        Assert.Equal(UInt128.Zero, e[0]);
    }

    [Fact]
    public void Log2TableIsExactAtPowersOfTwo()
    {
        for (int k = 0; k < 64; k++)
        {
            Assert.Equal(k << 16, FixedLog2.Log2Q16(1UL << k));
        }

        Assert.Equal(0, FixedLog2.TableQ16[0]);
        Assert.Equal(65536, FixedLog2.TableQ16[256]);
        Assert.Equal(38336, FixedLog2.TableQ16[128]);                 // log2(1.5) = 0.58496
        Assert.Throws<ArgumentOutOfRangeException>(() => FixedLog2.Log2Q16(0));
    }

    [Fact]
    public void Log2IsAccurateBetweenPowersOfTwo()
    {
        var random = new Random(7);
        for (int i = 0; i < 10000; i++)
        {
            ulong v = (ulong)random.NextInt64(1, long.MaxValue) >> random.Next(0, 62);
            v = Math.Max(v, 1);
            double expected = Math.Log2(v) * 65536;
            Assert.InRange(FixedLog2.Log2Q16(v), expected - 2, expected + 2);   // table and interpolation rounding
        }

        Assert.Equal((int)Math.Round(Math.Log2(3) * 65536), FixedLog2.Log2Q16(3));
    }

    [Fact]
    public void DcRemovalConvergesToZeroOnConstantInput()
    {
        var dc = new DcRemoval();
        var x = new int[4000];
        x.AsSpan().Fill(1000);
        dc.Process(x);
        Assert.Equal(1000, x[0]);                                    // the step passes first
        Assert.InRange(x[1], 994, 996);                              // then decays by a = 0.995 per sample
        Assert.InRange(x[200], 360, 374);                            // 1000 * 0.995^200 = 367
        Assert.InRange(x[3999], -1, 1);
        Assert.True(x[1000] < x[500] && x[500] < x[100], "must decay monotonically");
    }

    [Fact]
    public void DcRemovalPassesAudioAndIsChunkInvariant()
    {
        short[] tone = TestSignals.Tone(1000, 10000, 4000);
        var whole = new int[tone.Length];
        for (int i = 0; i < tone.Length; i++)
        {
            whole[i] = tone[i] + 3000;                              // a DC offset like the I2S microphones have
        }

        var pieces = (int[])whole.Clone();
        new DcRemoval().Process(whole);
        var dc = new DcRemoval();
        dc.Process(pieces.AsSpan(0, 1));
        dc.Process(pieces.AsSpan(1, 999));
        dc.Process(pieces.AsSpan(1000));
        Assert.Equal(whole, pieces);
        long mean = 0;
        for (int i = 3008; i < 4000; i++)
        {
            mean += whole[i];                                         // 62 whole periods of 1 kHz
        }

        Assert.InRange(mean / 992.0, -2, 2);
        Assert.InRange(whole[3000..].Max(), 9750, 10100);             // 1 kHz passes with |H| > 0.99 (peak sample >= cos(pi/16))
        dc.Reset();
        var again = new int[] { 5 };
        dc.Process(again);
        Assert.Equal(5, again[0]);
    }

    [Fact]
    public void PreEmphasisSubtractsPointNineSevenOfThePreviousSample()
    {
        var pre = new PreEmphasis();
        int[] x = [1000, 1000, 0, -100];
        pre.Process(x);
        Assert.Equal([1000, 30, -970, -100], x);                    // 1000 - 970, 0 - 970, -100 - 0
        pre.Reset();
        int[] y = [7];
        pre.Process(y);
        Assert.Equal(7, y[0]);
    }

    [Fact]
    public void FramerEmitsWindowsEveryHop()
    {
        var framer = new Framer(4, 2);
        Span<int> fresh = framer.Append([1, 2, 3]);
        Assert.Equal(3, fresh.Length);
        Assert.False(framer.IsFull);
        fresh = framer.Append([4, 5, 6]);
        Assert.Equal(1, fresh.Length);
        Assert.True(framer.IsFull);
        Assert.Equal([1, 2, 3, 4], framer.Window.ToArray());
        Assert.Equal(0, framer.Append([9]).Length);                  // full: takes nothing
        framer.Advance();
        Assert.False(framer.IsFull);
        framer.Append([5, 6]);
        Assert.Equal([3, 4, 5, 6], framer.Window.ToArray());
        framer.Reset();
        Assert.False(framer.IsFull);
        Assert.Throws<InvalidOperationException>(framer.Advance);
    }

    [Fact]
    public void NoiseReductionTracksTheMeanAndKeepsASixteenth()
    {
        var nr = new NoiseReduction(1);
        UInt128[] e = [3200];
        nr.Process(e);
        Assert.Equal((UInt128)100, nr.Noise[0]);                     // 0 + 3200 / 32
        Assert.Equal((UInt128)3100, e[0]);
        for (int i = 0; i < 1000; i++)
        {
            e[0] = 3200;
            nr.Process(e);
        }

        Assert.InRange(nr.Noise[0], (UInt128)3169, (UInt128)3200);  // converged (floor shifts stop 31 short)
        Assert.Equal((UInt128)200, e[0]);                            // steady noise: only 1/16 remains
        nr.Reset();
        Assert.Equal(UInt128.Zero, nr.Noise[0]);
    }

    [Fact]
    public void QuantizerMapsEnergyToSixStepsPerOctave()
    {
        var quantizer = new LogMelQuantizer(0);
        var frame = new sbyte[5];
        // E = 2^k gives 6k - 148: 2^30 -> 32, 2^25 -> 2, 2^0 -> -148 clipped, 2^62 -> 224 clipped.
        quantizer.Process([0, (UInt128)1 << 30, (UInt128)1 << 25, 1, (UInt128)1 << 62], frame);
        Assert.Equal([LogMelScale.Floor, (sbyte)32, (sbyte)2, LogMelScale.Floor, LogMelScale.Ceiling], frame);

        // 6 * log2(3 * 2^24) = 153.51 -> 154 - 148 = 6
        quantizer.Process([(UInt128)3 << 24, 0, 0, 0, 0], frame);
        Assert.Equal(6, frame[0]);

        // Energies above 2^64 (the filterbank's sums reach 2^75) and a unit offset: 2^70 units of 2^-40 are 2^30.
        new LogMelQuantizer(-40).Process([(UInt128)1 << 70, (UInt128)3 << 64, 0, 0, 0], frame);
        Assert.Equal(32, frame[0]);
        Assert.Equal(6, frame[1]);                                   // 3 * 2^64 / 2^40 = 3 * 2^24
    }
}
