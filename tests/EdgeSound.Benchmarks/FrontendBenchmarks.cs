using BenchmarkDotNet.Attributes;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Dsp.Tests.FrontendTests;

namespace EdgeSound.Benchmarks;

/// <summary>
/// One second of 16 kHz audio through the fixed-point streaming frontend (fed in 256-sample ALSA-sized periods, one
/// instance kept across invocations like the daemon's 24/7 stream) and through the double-precision reference.
/// Target: at most 0.5 ms per second of audio and 0 bytes allocated for the streaming frontend.
/// </summary>
[MemoryDiagnoser]
public class FrontendBenchmarks
{
    private const int Rate = 16000;
    private const int Period = 256;

    private short[] pcm = [];
    private sbyte[] frame = [];
    private Frontend? frontend;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        pcm = new short[Rate];
        for (int n = 0; n < pcm.Length; n++)
        {
            double tone = 6000 * Math.Sin(2 * Math.PI * 440 * n / Rate);
            pcm[n] = (short)Math.Clamp(tone + random.Next(-4000, 4001), short.MinValue, short.MaxValue);
        }

        frontend = new Frontend(FrontendConfig.Default);
        frame = new sbyte[frontend.BandCount];
    }

    [Benchmark(Baseline = true, Description = "fixed-point streaming, 1 s")]
    public int FixedPointStreaming()
    {
        Frontend chain = frontend!;
        int frames = 0;
        for (int start = 0; start < pcm.Length; start += Period)
        {
            ReadOnlySpan<short> period = pcm.AsSpan(start, Math.Min(Period, pcm.Length - start));
            while (chain.Process(period, frame, out int consumed))
            {
                period = period[consumed..];
                frames++;
            }
        }

        return frames;
    }

    [Benchmark(Description = "double reference, 1 s")]
    public int DoubleReference() => FloatReferenceFrontend.ComputeClipSteps(FrontendConfig.Default, pcm).Length;
}
