using EdgeSound.Trainer.SoundscapeReports;
using Xunit;

namespace EdgeSound.Trainer.Tests.SoundscapeReports;

/// <summary>The report's numbers on hand-checkable inputs: per-hour counts, level percentiles, loud-minute sources.</summary>
public sealed class SoundscapeFiguresTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static SoundEvent At(int hour, int minute, string label, double level) =>
        new(Day.AddHours(hour).AddMinutes(minute), label, 0.9, level);

    [Fact]
    public void Percentiles_interpolate_between_ranks_and_levels_exceeded_mirror_them()
    {
        double[] levels = [-10, -50, -30, -20, -40];
        Assert.Equal(-14, Percentile.Exceeded(levels, 10), 9);
        Assert.Equal(-30, Percentile.Exceeded(levels, 50), 9);
        Assert.Equal(-46, Percentile.Exceeded(levels, 90), 9);
        Assert.True(double.IsNaN(Percentile.Of([], 0.5)));
    }

    [Fact]
    public void Energy_mean_weights_power_not_decibels()
    {
        // 10·log10((60·10^-3 + 60·10^-4) / 120) = 10·log10(5.5e-4)
        Assert.Equal(-32.596, Percentile.EnergyMean([-30, -40], [60, 60]), 3);
        Assert.Equal(-20, Percentile.EnergyMean([-20, -20, -20], [1, 1, 1]), 9);
        Assert.True(double.IsNaN(Percentile.EnergyMean([-20], [0])));
    }

    [Fact]
    public void Events_alone_give_per_hour_counts_and_event_level_percentiles()
    {
        var data = new SoundscapeData("e.jsonl", false,
        [
            At(8, 0, "dog", -10), At(8, 5, "dog", -50), At(8, 9, "siren", -30), At(8, 30, "dog", -20), At(8, 59, "siren", -40),
            At(23, 1, "siren", -25),
        ], []);
        var hours = HourlyLevels.Of(data);
        Assert.Equal([8, 23], hours.Select(h => h.Hour));
        var eight = hours[0];
        Assert.Equal(5, eight.Count);
        Assert.Equal(-14, eight.L10, 9);
        Assert.Equal(-30, eight.L50, 9);
        Assert.Equal(-46, eight.L90, 9);
        Assert.Equal(-25, hours[1].Leq, 9);

        var counts = ClassHourCounts.Of(data.Events);
        Assert.Equal(["dog", "siren"], counts.Labels);
        Assert.Equal(3, counts.Counts[0, 8]);
        Assert.Equal(2, counts.Counts[1, 8]);
        Assert.Equal(1, counts.Counts[1, 23]);
        Assert.Equal(6, Enumerable.Range(0, 2).Sum(r => Enumerable.Range(0, 24).Sum(h => counts.Counts[r, h])));
    }

    [Fact]
    public void History_minutes_give_energy_mean_laeq_and_seconds_weighted_percentiles_per_hour()
    {
        var data = new SoundscapeData("h.db", true, [],
        [
            new LevelMinute(Day.AddHours(10), 60, -30, -25, -32, -50, []),
            new LevelMinute(Day.AddHours(10).AddMinutes(1), 30, -40, -31, -41, -44, []),
            new LevelMinute(Day.AddDays(1).AddHours(10).AddMinutes(7), 60, -35, -30, -36, -46, []),
            new LevelMinute(Day.AddHours(11), 60, -60, -55, -61, -70, []),
        ]);
        var hours = HourlyLevels.Of(data);
        Assert.Equal([10, 11], hours.Select(h => h.Hour));
        var ten = hours[0];
        Assert.Equal(3, ten.Count);
        double energy = (60 * Math.Pow(10, -3.0)) + (30 * Math.Pow(10, -4.0)) + (60 * Math.Pow(10, -3.5));
        Assert.Equal(10 * Math.Log10(energy / 150), ten.Leq, 9);
        Assert.Equal(((-25 * 60) + (-31 * 30) + (-30 * 60)) / 150.0, ten.L10, 9);
        Assert.Equal(((-50 * 60) + (-44 * 30) + (-46 * 60)) / 150.0, ten.L90, 9);
        Assert.Equal(-60, hours[1].Leq, 9);
    }

    [Fact]
    public void Loud_minutes_are_the_top_tenth_by_laeq_with_occupancy_and_events_as_sources()
    {
        var minutes = Enumerable.Range(0, 20)
            .Select(i => new LevelMinute(Day.AddMinutes(i), 60, -60 + i, -55, -60, -65, i % 2 == 0 ? ["rain"] : []))
            .ToList();
        // The two loudest: minute 19 (-41, no occupancy, a dog event) and minute 18 (-42, rain, a siren event).
        var data = new SoundscapeData("h.db", true, [At(0, 19, "dog", -20), At(0, 18, "siren", -25), At(0, 2, "dog", -10)], minutes);
        var loud = LoudMinuteSources.Of(data);
        Assert.Equal(2, loud.LoudMinutes);
        Assert.Equal(-42, loud.ThresholdDb, 9);
        Assert.Equal(["dog", "rain", "siren"], loud.Sources.Select(s => s.Label));
        Assert.All(loud.Sources, s => Assert.Equal(1, s.Minutes));
        Assert.All(loud.Sources, s => Assert.Equal(0.5, s.Share, 9));
    }

    [Fact]
    public void Without_a_history_the_loudest_event_ranks_its_minute()
    {
        var data = new SoundscapeData("e.jsonl", false, [At(1, 0, "dog", -30), At(1, 0, "siren", -5), At(2, 0, "dog", -20)], []);
        var loud = LoudMinuteSources.Of(data);
        Assert.Equal(1, loud.LoudMinutes);
        Assert.Equal(-5, loud.ThresholdDb, 9);
        Assert.Equal(["dog", "siren"], loud.Sources.Select(s => s.Label));
    }

    [Fact]
    public void A_range_keeps_entries_from_its_start_and_before_its_end()
    {
        var data = new SoundscapeData("e.jsonl", false, [At(1, 0, "a", -30), At(2, 0, "b", -30), At(3, 0, "c", -30)], []);
        var within = data.Within(Day.AddHours(1), Day.AddHours(3));
        Assert.Equal(["a", "b"], within.Events.Select(e => e.Label));
        Assert.True(data.Within(Day.AddHours(5), Day.AddHours(6)).IsEmpty);
    }
}
