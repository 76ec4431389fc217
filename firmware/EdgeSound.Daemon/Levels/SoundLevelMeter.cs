namespace EdgeSound.Daemon.Levels;

/// <summary>
/// Sound levels of a 16 kHz int16 stream, as a sound level meter computes them (IEC 61672-1): the samples are
/// A-weighted (<see cref="AWeighting"/>) and squared; per wall-clock minute it reports the LAeq (energy mean), the
/// LAFmax (maximum of the exponential time-weighted mean square with the fast time constant of 125 ms, sampled every
/// sample), and L10/L50/L90 from the minute's 100 ms LAeq intervals (linear interpolation between ranks). Minutes
/// are aligned to the clock (<see cref="InputTimeline"/>); an interval cut by a minute boundary ends there. When the
/// timeline's origin moves, the next boundary is aligned to the new clock; after a clock jump (or a move that would
/// stretch the minute in progress beyond 60 s) that minute ends at once, stamped on the clock it was measured on, so
/// no minute is longer than 60 s.
/// Push PCM in, collect finished minutes; no allocation per sample or interval (a chunk longer than any before grows
/// one buffer).
/// </summary>
public sealed class SoundLevelMeter
{
    /// <summary>The fast time constant of IEC 61672-1, seconds.</summary>
    public const double FastTimeConstant = 0.125;

    /// <summary>Length of the short LAeq intervals the percentiles are taken over, seconds.</summary>
    public const double IntervalSeconds = 0.1;

    private const double MinimumMeanSquare = 1e-12; // -120 dBFS, the floor every level here reports

    private readonly AWeightingFilter _weighting;
    private double[] _weighted = new double[4096];
    private readonly int _sampleRate;
    private readonly int _intervalSamples;
    private readonly long _minuteSamples;
    private readonly double _fastCoefficient;
    private readonly double? _calibration;
    private readonly double[] _intervals;
    private readonly InputTimeline _timeline;
    private DateTimeOffset _origin;
    private int _jumps;
    private long _position;
    private long _minuteStartSample;
    private long _nextBoundary;
    private double _minuteEnergy;
    private double _intervalEnergy;
    private int _intervalCount;
    private int _intervalsFilled;
    private double _fast;
    private double _fastMax;

    /// <param name="timeline">Wall-clock time of each sample (the first sample is input position 0).</param>
    /// <param name="calibrationDb">dB SPL = dBFS + this, carried on each minute; null: none.</param>
    public SoundLevelMeter(InputTimeline timeline, double? calibrationDb = null, int sampleRate = 16000)
    {
        _timeline = timeline;
        _origin = timeline.Origin;
        _jumps = timeline.Jumps;
        _calibration = calibrationDb;
        _sampleRate = sampleRate;
        _weighting = new AWeightingFilter(sampleRate);
        _intervalSamples = (int)Math.Round(IntervalSeconds * sampleRate);
        _minuteSamples = 60L * sampleRate;
        _fastCoefficient = 1 - Math.Exp(-1.0 / (FastTimeConstant * sampleRate));
        _intervals = new double[(int)(_minuteSamples / _intervalSamples) + 2];
        _nextBoundary = SamplesToNextMinute();
    }

    /// <summary>Called after each 100 ms interval (on the caller's thread; keep it short).</summary>
    public Action<LevelReading>? Reading { get; set; }

    /// <summary>Samples processed.</summary>
    public long Position => _position;

    /// <summary>Pushes samples; each wall-clock minute that ends within them is added to <paramref name="minutes"/>.</summary>
    public void Process(ReadOnlySpan<short> pcm, List<MinuteLevels> minutes)
    {
        if (_timeline.Origin != _origin)
        {
            Realign(minutes);
        }

        if (_weighted.Length < pcm.Length)
        {
            _weighted = new double[pcm.Length];
        }

        _weighting.Process(pcm, _weighted);
        var weighted = _weighted.AsSpan(0, pcm.Length);
        while (!weighted.IsEmpty)
        {
            // A run of samples up to the next interval end or minute boundary, with the state in locals.
            var run = (int)Math.Min(weighted.Length, Math.Min(_intervalSamples - _intervalCount, _nextBoundary - _position));
            double energy = 0, fast = _fast, fastMax = _fastMax, k = _fastCoefficient;
            foreach (var a in weighted[..run])
            {
                var e = a * a;
                energy += e;
                fast += k * (e - fast);
                fastMax = Math.Max(fastMax, fast);
            }

            weighted = weighted[run..];
            _fast = fast;
            _fastMax = fastMax;
            _minuteEnergy += energy;
            _intervalEnergy += energy;
            _position += run;
            _intervalCount += run;
            if (_intervalCount == _intervalSamples)
            {
                CloseInterval();
            }

            if (_position == _nextBoundary)
            {
                minutes.Add(CloseMinute());
                _nextBoundary += _minuteSamples;
            }
        }
    }

    /// <summary>End of input: reports the minute in progress, if any sample of it was measured.</summary>
    public void Finish(List<MinuteLevels> minutes)
    {
        if (_position > _minuteStartSample)
        {
            minutes.Add(CloseMinute());
        }
    }

    /// <summary>
    /// The timeline's origin moved: the minute in progress ends now (on the clock it was measured on) after a jump or
    /// when the new clock's next minute boundary would stretch it beyond 60 s; the next boundary is the new clock's.
    /// </summary>
    private void Realign(List<MinuteLevels> minutes)
    {
        long next = SamplesToNextMinute();
        if (_position > _minuteStartSample && (_timeline.Jumps != _jumps || _position + next - _minuteStartSample > _minuteSamples))
        {
            minutes.Add(CloseMinute());
        }

        _origin = _timeline.Origin;
        _jumps = _timeline.Jumps;
        _nextBoundary = _position + next;
    }

    /// <summary>Samples from the current position to the next whole minute of the timeline's clock (at least 1).</summary>
    private long SamplesToNextMinute()
    {
        var intoMinute = _timeline.At(_position / (double)_sampleRate).UtcDateTime.TimeOfDay.TotalSeconds % 60;
        return Math.Max(1, (long)Math.Round((60 - intoMinute) * _sampleRate));
    }

    /// <summary>dBFS of a mean square (full scale = 1.0), floored at -120 dBFS.</summary>
    public static double ToDbfs(double meanSquare) => 10 * Math.Log10(Math.Max(meanSquare, MinimumMeanSquare));

    private void CloseInterval()
    {
        var level = ToDbfs(_intervalEnergy / _intervalCount);
        _intervals[_intervalsFilled++] = level;
        _intervalEnergy = 0;
        _intervalCount = 0;
        Reading?.Invoke(new LevelReading(_origin.AddSeconds(_position / (double)_sampleRate), level, ToDbfs(_fast)));
    }

    private MinuteLevels CloseMinute()
    {
        if (_intervalCount > 0)
        {
            CloseInterval();
        }

        var samples = _position - _minuteStartSample;
        var middle = _origin.AddSeconds((_minuteStartSample + _position) / 2.0 / _sampleRate);
        var minuteStart = new DateTimeOffset(middle.UtcTicks - (middle.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var levels = _intervals.AsSpan(0, _intervalsFilled);
        levels.Sort();
        var result = new MinuteLevels(
            minuteStart,
            samples / (double)_sampleRate,
            ToDbfs(_minuteEnergy / samples),
            ToDbfs(_fastMax),
            Percentile(levels, 0.9),
            Percentile(levels, 0.5),
            Percentile(levels, 0.1),
            _calibration);
        _minuteStartSample = _position;
        _minuteEnergy = 0;
        _intervalsFilled = 0;
        _fastMax = 0;
        return result;
    }

    /// <summary>The <paramref name="q"/> quantile of ascending <paramref name="sorted"/> levels, interpolating between ranks.</summary>
    private static double Percentile(ReadOnlySpan<double> sorted, double q)
    {
        var rank = q * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((rank - low) * (sorted[high] - sorted[low]));
    }
}
