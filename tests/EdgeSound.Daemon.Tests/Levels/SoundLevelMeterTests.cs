using System.Numerics;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;
using EdgeSound.Learning.Soundscapes;
using MathNet.Numerics.IntegralTransforms;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.Levels;

public sealed class SoundLevelMeterTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Minute = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static List<MinuteLevels> Measure(short[] pcm, DateTimeOffset origin, int chunk = 512, double? calibration = null)
    {
        var meter = new SoundLevelMeter(new InputTimeline(EventClock.Recording(origin)), calibration);
        var minutes = new List<MinuteLevels>();
        for (var i = 0; i < pcm.Length; i += chunk)
        {
            meter.Process(pcm.AsSpan(i, Math.Min(chunk, pcm.Length - i)), minutes);
        }

        meter.Finish(minutes);
        return minutes;
    }

    [Theory]
    [InlineData(-20.0)]
    [InlineData(-45.0)]
    public void A_1_kHz_tone_reads_its_level_within_0_1_dB_in_every_statistic(double dbfs)
    {
        var m = Assert.Single(Measure(LevelSignals.Tone(1000, dbfs, 60), Minute));
        output.WriteLine($"{dbfs} dBFS tone: LAeq {m.LAeq:0.000} LAFmax {m.LAFmax:0.000} L10 {m.L10:0.000} L50 {m.L50:0.000} L90 {m.L90:0.000}");
        Assert.Equal(Minute, m.Start);
        Assert.Equal(60, m.Seconds, 6);
        Assert.Equal(dbfs, m.LAeq, 0.1);
        Assert.Equal(dbfs, m.LAFmax, 0.1);
        Assert.Equal(dbfs, m.L10, 0.1);
        Assert.Equal(dbfs, m.L50, 0.1);
        Assert.Equal(dbfs, m.L90, 0.15);
        Assert.Null(m.InSpl());
    }

    [Theory]
    [InlineData(100.0)]
    [InlineData(6300.0)]
    [InlineData(7943.0)]
    public void Tones_through_the_weighting_read_level_plus_the_filters_gain(double hz)
    {
        var m = Assert.Single(Measure(LevelSignals.Tone(hz, -20, 60), Minute));
        var expected = -20 + AWeighting.DigitalGainDb(hz, 16000);
        output.WriteLine($"{hz} Hz at -20 dBFS: LAeq {m.LAeq:0.000} dBFS; filter gain {AWeighting.DigitalGainDb(hz, 16000):0.000} dB, standard {AWeighting.AnalogueGainDb(hz):0.000} dB");
        Assert.Equal(expected, m.LAeq, 0.1);
        Assert.Equal(-20 + AWeighting.AnalogueGainDb(hz), m.LAeq, 0.15);
    }

    [Fact]
    public void Pink_noise_reads_the_energy_the_standards_weighting_gives_its_spectrum()
    {
        var noise = NoiseGenerator.Generate("pink", 1 << 20, -30, new Random(7));
        var pcm = LevelSignals.ToPcm(noise);
        var m = Measure(pcm, Minute);
        var energy = m.Sum(x => x.Seconds * Math.Pow(10, x.LAeq / 10)) / m.Sum(x => x.Seconds);
        var measured = 10 * Math.Log10(energy);

        var spectrum = pcm.Select(s => new Complex(s / 32768.0, 0)).ToArray();
        Fourier.Forward(spectrum, FourierOptions.Matlab);
        double weighted = 0;
        for (var k = 1; k < spectrum.Length / 2; k++)
        {
            var gain = Math.Pow(10, AWeighting.AnalogueGainDb(k * 16000.0 / spectrum.Length) / 10);
            weighted += 2 * gain * spectrum[k].Magnitude * spectrum[k].Magnitude;
        }

        var reference = 10 * Math.Log10(weighted / ((double)spectrum.Length * spectrum.Length));
        output.WriteLine($"pink noise at -30 dBFS (unweighted): LAeq {measured:0.000} dBFS by the meter, {reference:0.000} dBFS by the standard's weighting of its spectrum");
        Assert.Equal(reference, measured, 0.2);
        Assert.True(measured < -30, "A weighting takes energy out of pink noise");
    }

    [Fact]
    public void Percentiles_and_maximum_come_from_the_quiet_and_loud_parts_of_the_minute()
    {
        var loud = LevelSignals.Tone(1000, -20, 12);
        var quiet = LevelSignals.Tone(1000, -40, 48);
        var m = Assert.Single(Measure([.. quiet.AsSpan(0, 16000 * 24), .. loud, .. quiet.AsSpan(16000 * 24)], Minute));
        Assert.Equal(10 * Math.Log10((0.2 * 1e-2) + (0.8 * 1e-4)), m.LAeq, 0.1);
        Assert.Equal(-20, m.LAFmax, 0.1);
        Assert.Equal(-20, m.L10, 0.1);
        Assert.Equal(-40, m.L50, 0.1);
        Assert.Equal(-40, m.L90, 0.1);
    }

    [Fact]
    public void Minutes_follow_the_wall_clock_and_carry_the_calibration()
    {
        var origin = Minute.AddSeconds(30);
        var minutes = Measure(LevelSignals.Tone(1000, -30, 100), origin, chunk: 333, calibration: 120);
        Assert.Equal([Minute, Minute.AddMinutes(1), Minute.AddMinutes(2)], minutes.Select(m => m.Start));
        Assert.Equal([30.0, 60.0, 10.0], minutes.Select(m => Math.Round(m.Seconds, 6)));
        Assert.All(minutes, m => Assert.Equal(90, m.InSpl()!.LAeq, 0.15));
    }

    [Fact]
    public void Live_readings_come_every_100_ms_with_the_level()
    {
        var readings = new List<LevelReading>();
        var meter = new SoundLevelMeter(new InputTimeline(EventClock.Recording(Minute))) { Reading = readings.Add };
        meter.Process(LevelSignals.Tone(1000, -25, 2), []);
        Assert.Equal(20, readings.Count);
        Assert.Equal(Minute.AddSeconds(2), readings[^1].Time);
        Assert.Equal(-25, readings[^1].LAeq, 0.1);
        Assert.Equal(-25, readings[^1].LAF, 0.1);
    }
}
