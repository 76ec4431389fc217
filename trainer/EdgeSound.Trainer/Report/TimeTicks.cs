using System.Globalization;

namespace EdgeSound.Trainer.Report;

/// <summary>
/// Tick marks for a time axis from any span of a second to the whole calendar (years 1 to 9999): the finest step of
/// 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, 1, 2, 7, 14 days, 1, 2, 3, 6 months or 1, 2, 5 ...
/// 5000 years that gives at most <see cref="MaxTicks"/> ticks, aligned to whole steps, each labelled once in a format
/// that shows the step's unit (so no two labels are alike).
/// </summary>
public static class TimeTicks
{
    /// <summary>The most ticks an axis gets (8 labels of up to 16 characters fit a 980-pixel chart).</summary>
    public const int MaxTicks = 8;

    private enum Unit { Second, Minute, Hour, Day, Month, Year }

    private static readonly (Unit Unit, int Count)[] Steps =
    [
        (Unit.Second, 1), (Unit.Second, 2), (Unit.Second, 5), (Unit.Second, 10), (Unit.Second, 15), (Unit.Second, 30),
        (Unit.Minute, 1), (Unit.Minute, 2), (Unit.Minute, 5), (Unit.Minute, 10), (Unit.Minute, 15), (Unit.Minute, 30),
        (Unit.Hour, 1), (Unit.Hour, 2), (Unit.Hour, 3), (Unit.Hour, 6), (Unit.Hour, 12),
        (Unit.Day, 1), (Unit.Day, 2), (Unit.Day, 7), (Unit.Day, 14),
        (Unit.Month, 1), (Unit.Month, 2), (Unit.Month, 3), (Unit.Month, 6),
        (Unit.Year, 1), (Unit.Year, 2), (Unit.Year, 5), (Unit.Year, 10), (Unit.Year, 20), (Unit.Year, 50),
        (Unit.Year, 100), (Unit.Year, 200), (Unit.Year, 500), (Unit.Year, 1000), (Unit.Year, 2000), (Unit.Year, 5000),
    ];

    /// <summary>The ticks from <paramref name="from"/> to <paramref name="to"/> (inclusive), in time order.</summary>
    /// <exception cref="ArgumentException"><paramref name="to"/> is before <paramref name="from"/>.</exception>
    public static IReadOnlyList<(DateTime Time, string Label)> Between(DateTime from, DateTime to)
    {
        if (to < from)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"time axis from {from:O} to {to:O} is reversed"), nameof(to));
        }

        // The first step whose (approximate) length fits the span MaxTicks - 1 times; 5000 years always does.
        var (unit, count) = Steps.First(s => Approximate(s.Unit, s.Count) * (MaxTicks - 1) >= to - from);
        var ticks = new List<(DateTime, string)>();
        for (var t = First(from, unit, count); t is { } time && time <= to; t = Next(time, unit, count))
        {
            ticks.Add((time, time.ToString(Format(unit), CultureInfo.InvariantCulture)));
        }

        return ticks;
    }

    private static TimeSpan Approximate(Unit unit, int count) => unit switch
    {
        Unit.Second => TimeSpan.FromSeconds(count),
        Unit.Minute => TimeSpan.FromMinutes(count),
        Unit.Hour => TimeSpan.FromHours(count),
        Unit.Day => TimeSpan.FromDays(count),
        Unit.Month => TimeSpan.FromDays(28.0 * count), // the shortest month: a month step never gives more ticks than counted
        _ => TimeSpan.FromDays(365.0 * count),
    };

    /// <summary>The first whole step at or after <paramref name="from"/>, or null when it would pass year 9999.</summary>
    private static DateTime? First(DateTime from, Unit unit, int count)
    {
        switch (unit)
        {
            case Unit.Month:
                int months = (from.Year - 1) * 12 + from.Month - 1;
                int first = (months + (from == new DateTime(from.Year, from.Month, 1) ? 0 : 1) + count - 1) / count * count;
                return first / 12 + 1 > 9999 ? null : new DateTime(first / 12 + 1, first % 12 + 1, 1);
            case Unit.Year:
                int year = from == new DateTime(from.Year, 1, 1) ? from.Year : from.Year + 1;
                year = (year + count - 1) / count * count;
                return year > 9999 ? null : new DateTime(year, 1, 1);
            default:
                long step = Approximate(unit, count).Ticks;
                long ticks = (from.Ticks + step - 1) / step * step;
                return ticks > DateTime.MaxValue.Ticks ? null : new DateTime(ticks);
        }
    }

    /// <summary>The tick one step after <paramref name="t"/>, or null when it would pass the end of year 9999.</summary>
    private static DateTime? Next(DateTime t, Unit unit, int count)
    {
        var step = Approximate(unit, count);
        return unit switch
        {
            Unit.Year => t.Year + count > 9999 ? null : t.AddYears(count),
            Unit.Month => (t.Year - 1) * 12 + t.Month - 1 + count >= 9999 * 12 ? null : t.AddMonths(count),
            _ => DateTime.MaxValue - t < step ? null : t + step,
        };
    }

    private static string Format(Unit unit) => unit switch
    {
        Unit.Second => "HH:mm:ss",
        Unit.Minute or Unit.Hour => "MM-dd HH:mm",
        Unit.Day => "yyyy-MM-dd",
        Unit.Month => "yyyy-MM",
        _ => "yyyy",
    };
}
