using System.Globalization;
using EdgeSound.Trainer.Report;
using Xunit;

namespace EdgeSound.Trainer.Tests.Report;

/// <summary>Time-axis ticks: bounded, distinct, in order and inside the span, from seconds to the whole calendar.</summary>
public sealed class TimeTicksTests
{
    public static TheoryData<string, string> Spans => new()
    {
        { "2026-11-01T08:00:00", "2026-11-01T08:00:01" },
        { "2026-11-01T08:00:00.250", "2026-11-01T08:01:00.750" },
        { "2026-11-01T07:59:30", "2026-11-02T00:00:30" },
        { "2026-11-01T00:00:00", "2026-11-08T00:00:00" },
        { "2026-01-15T00:00:00", "2027-03-01T00:00:00" },
        { "1970-01-01T00:00:00", "9999-01-01T00:00:00" },
        { "0100-01-01T00:00:00", "9999-12-31T00:00:00" },
        { "9998-06-01T00:00:00", "9999-12-31T00:00:00" },
    };

    [Theory]
    [MemberData(nameof(Spans))]
    public void Any_span_gets_at_most_eight_distinct_ticks_in_order_within_it(string fromText, string toText)
    {
        var from = DateTime.Parse(fromText, CultureInfo.InvariantCulture);
        var to = DateTime.Parse(toText, CultureInfo.InvariantCulture);
        var ticks = TimeTicks.Between(from, to);
        Assert.InRange(ticks.Count, 1, TimeTicks.MaxTicks);
        Assert.Equal(ticks.Count, ticks.Select(t => t.Label).Distinct().Count());
        Assert.All(ticks, t => Assert.InRange(t.Time, from, to));
        Assert.Equal(ticks.OrderBy(t => t.Time).Select(t => t.Time), ticks.Select(t => t.Time));
    }

    [Fact]
    public void A_week_is_ticked_by_day_and_the_whole_calendar_by_two_thousand_years()
    {
        Assert.Equal(["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07", "2026-11-08"],
            TimeTicks.Between(new DateTime(2026, 11, 1), new DateTime(2026, 11, 8)).Select(t => t.Label));
        Assert.Equal(["2000", "4000", "6000", "8000"],
            TimeTicks.Between(new DateTime(1971, 1, 1), new DateTime(9998, 1, 1)).Select(t => t.Label));
    }

    [Fact]
    public void A_timeline_from_1971_to_9998_labels_its_axis_a_few_times_only()
    {
        DateTime[] times = [new(1971, 1, 1), new(2026, 11, 1), new(9998, 12, 31, 23, 59, 59)];
        var svg = TimelineChart.Render("Events", times, [0, 0, 1], ["dog", "siren"]);
        var texts = SvgAssert.Texts(SvgAssert.WellFormed(svg));
        var years = texts.Where(t => t.Length == 4 && t.All(char.IsAsciiDigit)).ToList();
        Assert.Equal(["2000", "4000", "6000", "8000"], years);
        Assert.True(svg.Length < 50_000, $"{svg.Length} characters");
    }
}
