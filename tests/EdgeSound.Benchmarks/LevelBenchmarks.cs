using BenchmarkDotNet.Attributes;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;

namespace EdgeSound.Benchmarks;

/// <summary>
/// One second of 16 kHz audio through the daemon's sound level meter (A weighting, fast time weighting, 100 ms
/// intervals), fed in 256-sample periods to one instance kept across invocations, as the daemon's 24/7 stream does,
/// and its A-weighting filter alone in the pipeline's 1024-sample chunks. Target: small beside the frontend (under
/// 0.5 ms per second of audio) and 0 bytes allocated.
/// Run: dotnet run -c Release --project tests/EdgeSound.Benchmarks -- --filter '*LevelBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class LevelBenchmarks
{
    private const int Rate = 16000;
    private const int Period = 256;
    private const int Chunk = 1024;

    private readonly List<MinuteLevels> _minutes = [];
    private short[] _pcm = [];
    private SoundLevelMeter? _meter;
    private AWeightingFilter? _filter;
    private double[] _weighted = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _pcm = new short[Rate];
        for (var n = 0; n < _pcm.Length; n++)
        {
            var tone = 6000 * Math.Sin(2 * Math.PI * 440 * n / Rate);
            _pcm[n] = (short)Math.Clamp(tone + random.Next(-4000, 4001), short.MinValue, short.MaxValue);
        }

        _meter = new SoundLevelMeter(new InputTimeline(EventClock.Recording(DateTimeOffset.UnixEpoch)));
        _filter = new AWeightingFilter(Rate);
        _weighted = new double[Chunk];
    }

    [Benchmark(Description = "sound level meter, 1 s")]
    public long SoundLevelMeter()
    {
        var meter = _meter!;
        for (var start = 0; start < _pcm.Length; start += Period)
        {
            meter.Process(_pcm.AsSpan(start, Math.Min(Period, _pcm.Length - start)), _minutes);
        }

        _minutes.Clear();
        return meter.Position;
    }

    [Benchmark(Description = "A-weighting filter, 1 s")]
    public double AWeightingFilter()
    {
        var filter = _filter!;
        for (var start = 0; start < _pcm.Length; start += Chunk)
        {
            filter.Process(_pcm.AsSpan(start, Math.Min(Chunk, _pcm.Length - start)), _weighted);
        }

        return _weighted[0];
    }
}
