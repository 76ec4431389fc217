using EdgeSound.Learning.Soundscapes;
using Xunit;

namespace EdgeSound.Daemon.Tests.Soundscapes;

public sealed class SoundscapeTests
{
    private static SourceClip Burst(string label, double seconds, double padSeconds)
    {
        var pad = (int)(padSeconds * 16000);
        var n = (int)(seconds * 16000);
        var x = new float[pad + n + pad];
        for (var i = 0; i < n; i++)
        {
            x[pad + i] = (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / 16000.0));
        }

        return new SourceClip(label, label + ".wav", x);
    }

    [Fact]
    public void Audible_span_skips_digital_silence_padding()
    {
        var (first, end) = SoundscapeGenerator.AudibleSpan(Burst("x", 1.0, 0.5).Samples);
        Assert.Equal(8000, first);
        Assert.Equal(24000, end);
    }

    [Theory]
    [InlineData(1e12)]
    [InlineData(14401)]
    [InlineData(4)]
    public void A_duration_outside_5_s_to_4_h_is_refused_before_anything_is_allocated(double seconds)
    {
        var e = Assert.Throws<ArgumentException>(new SoundscapeOptions { DurationSeconds = seconds }.Validate);
        Assert.Contains("duration must be between 5 and 14400 s", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1e-6, 301)]
    [InlineData(0.001, 301)]
    public void A_rate_so_low_that_the_first_event_lies_past_the_end_gives_the_background_alone(double perMinute, int seed)
    {
        var o = new SoundscapeOptions { DurationSeconds = 600, EventsPerMinute = perMinute, BackgroundDbfs = -40, Seed = seed };
        var bg = NoiseGenerator.Generate("pink", 600 * 16000, -40, new Random(1));
        var s = SoundscapeGenerator.Generate(o, [Burst("dog", 1.0, 0.3)], bg);
        Assert.Empty(s.Events);
        Assert.Equal(bg, s.Samples);
    }

    [Fact]
    public void Events_do_not_overlap_sit_at_the_requested_snr_and_are_deterministic()
    {
        var o = new SoundscapeOptions { DurationSeconds = 120, EventsPerMinute = 10, MinSnrDb = 10, MaxSnrDb = 10, BackgroundDbfs = -40, Seed = 5 };
        var clips = new[] { Burst("dog", 1.0, 0.3), Burst("siren", 2.0, 0.1) };
        var bg = NoiseGenerator.Generate("pink", 120 * 16000, -40, new Random(1));
        var a = SoundscapeGenerator.Generate(o, clips, bg);
        var b = SoundscapeGenerator.Generate(o, clips, bg);
        Assert.Equal(a.Events, b.Events);
        Assert.Equal(a.Samples, b.Samples);
        Assert.InRange(a.Events.Count, 8, 40);
        for (var i = 1; i < a.Events.Count; i++)
        {
            Assert.True(a.Events[i].Onset >= a.Events[i - 1].Offset + o.MinGapSeconds - 1e-9, "events overlap or are closer than the minimum gap");
        }

        var e = a.Events[0];
        Assert.Equal(e.Label == "dog" ? 1.0 : 2.0, e.Offset - e.Onset, 3);
        var start = (int)(e.Onset * 16000);
        var mixed = NoiseGenerator.Rms(a.Samples.AsSpan(start, (int)((e.Offset - e.Onset) * 16000)));
        var snr = 20 * Math.Log10(Math.Sqrt(Math.Max(mixed * mixed - Math.Pow(10, -40 / 10.0), 1e-12)) / Math.Pow(10, -40 / 20.0));
        Assert.InRange(snr, 9, 11);
    }

    [Theory]
    [InlineData("white")]
    [InlineData("pink")]
    [InlineData("brown")]
    public void Noise_has_the_requested_level(string colour)
    {
        var x = NoiseGenerator.Generate(colour, 160000, -45, new Random(2));
        Assert.Equal(-45, 20 * Math.Log10(NoiseGenerator.Rms(x)), 1);
    }

    [Fact]
    public void Pink_noise_has_more_low_than_high_frequency_energy()
    {
        var x = NoiseGenerator.Generate("pink", 160000, -30, new Random(3));
        double diff = 0, total = 0;
        for (var i = 1; i < x.Length; i++)
        {
            diff += Math.Pow(x[i] - x[i - 1], 2);
            total += x[i] * (double)x[i];
        }

        Assert.True(diff / total < 0.5, $"first-difference energy ratio {diff / total:0.00} too high for pink noise");
    }

    [Fact]
    public void Ambience_loops_to_length_and_level()
    {
        var y = SoundscapeGenerator.LoopAmbience([Burst("rain", 1.0, 0.2).Samples], 16000 * 7, -35, new Random(4));
        Assert.Equal(16000 * 7, y.Length);
        Assert.Equal(-35, 20 * Math.Log10(NoiseGenerator.Rms(y)), 1);
        Assert.True(NoiseGenerator.Rms(y.AsSpan(16000 * 6, 16000)) > 0.001, "the loop must reach the end");
    }

    [Fact]
    public void Ground_truth_csv_round_trips()
    {
        var path = Path.Combine(Path.GetTempPath(), $"es-gt-{Guid.NewGuid():N}.csv");
        try
        {
            var events = new[] { new SoundscapeEvent("dog", "1-1-A-0.wav", 1.5, 2.25, 12.3), new SoundscapeEvent("siren", "2-2-A-42.wav", 10, 14.5, 3) };
            GroundTruth.Write(path, events);
            Assert.Equal(events, GroundTruth.Read(path));
            File.WriteAllText(path, "bad header\n");
            Assert.Contains(path, Assert.Throws<InvalidDataException>(() => GroundTruth.Read(path)).Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Scorer_counts_matches_false_alarms_and_latency()
    {
        var truth = new[]
        {
            new SoundscapeEvent("dog", "a", 10, 12, 10),
            new SoundscapeEvent("siren", "b", 20, 25, 10),
            new SoundscapeEvent("dog", "c", 40, 41, 10),
        };
        var detections = new[]
        {
            new EventDetection("dog", 10.5, 12.5, 0.9),
            new EventDetection("dog", 11, 12, 0.8),
            new EventDetection("rain", 20.2, 24, 0.7),
            new EventDetection("dog", 39.0, 40.2, 0.9),
            new EventDetection("wind", 60, 61, 0.9),
        };
        var s = EventScorer.Score(truth, detections, 3600, collar: 0.5, ignore: new HashSet<string> { "wind" });
        Assert.Equal(4, s.Detections);
        Assert.Equal(2, s.Matched);
        Assert.Equal(2, s.FalseAlarms);
        Assert.Equal(0.5, s.Precision);
        Assert.Equal(2 / 3.0, Assert.NotNull(s.Recall), 6);
        Assert.Equal(1.0, s.AnyLabelRecall);
        Assert.Equal(-0.25, Assert.NotNull(s.MedianOnsetLatency), 6);
        Assert.Equal(2.0, s.FalseAlarmsPerHour, 6);
        Assert.Equal(0, s.BackgroundFalseAlarms);
        var snr = Assert.Single(s.RecallBySnr);
        Assert.Equal((10.0, 3, 2), (snr.MinDb, snr.Truth, snr.Matched));
        Assert.Equal(2 / 3.0, Assert.NotNull(snr.Recall), 6);
        var dog = s.PerLabel.Single(l => l.Label == "dog");
        Assert.Equal((2, 3, 2), (dog.Truth, dog.Detected, dog.Matched));
    }

    [Fact]
    public void Scorer_reads_event_lines_and_names_bad_ones()
    {
        var path = Path.Combine(Path.GetTempPath(), $"es-ev-{Guid.NewGuid():N}.jsonl");
        try
        {
            File.WriteAllText(path, """{"time":"2026-01-01T00:00:00.000+00:00","label":"dog","score":0.9,"start_s":1.5,"end_s":3,"level_dbfs":-20}""" + "\n\n");
            Assert.Equal(new EventDetection("dog", 1.5, 3, 0.9), Assert.Single(EventScorer.ReadEventLines(path)));
            File.WriteAllText(path, "{\"label\":1}\n");
            var e = Assert.Throws<InvalidDataException>(() => EventScorer.ReadEventLines(path));
            Assert.Contains("line 1", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
