using System.Globalization;
using System.Text.RegularExpressions;
using EdgeSound.Inference;

namespace EdgeSound.Trainer.SoundscapeReports;

/// <summary>
/// The one place holding what a value read for a report must be, for the events file (<see cref="EventLog"/>) and
/// the history database (<see cref="HistoryDatabase"/>) alike. Each check returns null when the value passes, else
/// the problem as "VALUE is ..." for the reader to prefix with where the value came from (line and key, or table,
/// row and column).
/// </summary>
public static partial class ValueRules
{
    /// <summary>An event's score: a probability, 0 to 1.</summary>
    public static readonly NumberRange Score = new(0, 1, "a probability");

    /// <summary>
    /// A level in dBFS (events: unweighted RMS; minutes: A-weighted), -200 to +3 dBFS. The daemon floors every
    /// level at -120 dBFS (<c>LevelMeter.ToDbfs</c>, <c>SoundLevelMeter.ToDbfs</c>), so -200 leaves room for
    /// another floor but not for nonsense; a 16-bit input's RMS is at most 0 dBFS (full scale), and A-weighting
    /// adds at most +1.3 dB (near 2.5 kHz, IEC 61672-1), so +3 dBFS bounds every level the daemon can measure.
    /// </summary>
    public static readonly NumberRange LevelDbfs = new(-200, 3, "dBFS");

    /// <summary>Seconds measured within one minute of the history: 0 to 60 s (the daemon's level meter never makes a longer minute).</summary>
    public static readonly NumberRange MinuteSeconds = new(0, 60, "seconds of one minute");

    /// <summary>
    /// Seconds a label was active in one minute of the history: 0 to one day. The daemon adds the seconds of windows
    /// stamped with the same minute, so a clock set back (NTP correcting a clock that ran ahead) repeats minutes and
    /// can sum more than 60 s into one; a day bounds any such repeat but not nonsense.
    /// </summary>
    public static readonly NumberRange OccupancySeconds = new(0, 86400, "seconds active in one minute, repeats of a clock set back included");

    /// <summary>
    /// An event's <c>start_s</c> or <c>end_s</c>: seconds since the daemon's input started, 0 up to the span from
    /// <see cref="HistoryDatabase.Earliest"/> to <see cref="HistoryDatabase.Latest"/> (no input runs longer).
    /// </summary>
    public static readonly NumberRange StreamSeconds = new(0, Math.Floor((HistoryDatabase.Latest - HistoryDatabase.Earliest).TotalSeconds), "seconds since the input started");

    /// <summary>The range of every number column of the history (<c>HistorySchema</c>) a report reads, by table and column.</summary>
    public static readonly IReadOnlyDictionary<(string Table, string Column), NumberRange> HistoryColumns =
        new Dictionary<(string, string), NumberRange>
        {
            [("minutes", "seconds")] = MinuteSeconds,
            [("minutes", "laeq")] = LevelDbfs,
            [("minutes", "lafmax")] = LevelDbfs,
            [("minutes", "l10")] = LevelDbfs,
            [("minutes", "l50")] = LevelDbfs,
            [("minutes", "l90")] = LevelDbfs,
            [("occupancy", "active_s")] = OccupancySeconds,
            [("events", "score")] = Score,
            [("events", "start_s")] = StreamSeconds,
            [("events", "end_s")] = StreamSeconds,
            [("events", "level_dbfs")] = LevelDbfs,
        };

    /// <summary>An ISO-8601 time with seconds optional and a UTC offset required (<c>Z</c> or <c>+hh:mm</c>), as the
    /// daemon writes it (<c>EventJson.FormatTime</c>, the history's round-trip format).</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoTime();

    /// <summary>Null when <paramref name="label"/> is a label (a lower-case slug, <see cref="ModelLabels.IsSlug"/>).</summary>
    public static string? Label(string label) =>
        ModelLabels.IsSlug(label) ? null : $"'{label}' is not a label (1-{ModelLabels.MaxLength} characters from a-z, 0-9 and '_', not starting or ending with '_')";

    /// <summary>Null, with <paramref name="time"/> set, when <paramref name="text"/> is an ISO-8601 time with a UTC
    /// offset from <see cref="HistoryDatabase.Earliest"/> to <see cref="HistoryDatabase.Latest"/>.</summary>
    public static string? Time(string text, out DateTimeOffset time)
    {
        if (!IsoTime().IsMatch(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time))
        {
            time = default;
            return $"{text} is not an ISO-8601 time with a UTC offset (e.g. 2026-11-21T09:30:00.250+00:00)";
        }

        return time >= HistoryDatabase.Earliest && time <= HistoryDatabase.Latest
            ? null
            : $"{text} is outside {HistoryDatabase.Earliest:yyyy-MM-dd} to {HistoryDatabase.Latest:yyyy-MM-dd}";
    }

    /// <summary>Null when an event's <paramref name="end"/> (s) is not before its <paramref name="start"/> (s).</summary>
    public static string? Span(double start, double end) =>
        end >= start ? null : string.Create(CultureInfo.InvariantCulture, $"{end} is before start_s {start}");

    /// <summary>A closed range of numbers, <paramref name="Min"/> to <paramref name="Max"/>, in <paramref name="Unit"/>.</summary>
    public sealed record NumberRange(double Min, double Max, string Unit)
    {
        /// <summary>Null when <paramref name="value"/> is finite and in range; <paramref name="text"/> is how the
        /// value was written, named in the problem.</summary>
        public string? Check(double value, string text) =>
            double.IsFinite(value) && value >= Min && value <= Max
                ? null
                : string.Create(CultureInfo.InvariantCulture, $"{text} is outside {Min} to {Max} ({Unit})");
    }
}
