using System.CommandLine;
using System.Globalization;
using EdgeSound.Trainer.SoundscapeReports;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// <c>report --events FILE.jsonl | --db FILE --out report.html [--from DATE --to DATE]</c>: a self-contained HTML
/// soundscape report (<see cref="SoundscapeReport"/>) from the daemon's events file or its SQLite history.
/// DATE is ISO-8601 (yyyy-MM-dd, or with a time: yyyy-MM-ddTHH:mm[:ss[.fff]][Z|+hh:mm]), UTC unless it carries an offset; a bare date as <c>--to</c> includes that whole day.
/// Malformed event lines are named on stderr by line number and skipped, with a count. Exit codes: 0 written,
/// 2 bad command line, a missing, empty or foreign input, nothing in the range (a lone <c>--from</c> after or
/// <c>--to</c> before every entry is named as such), or an output that cannot be written (one line naming the file or
/// option).
/// </summary>
internal static class ReportCommand
{
    private const string DateOnlyFormat = "yyyy-MM-dd";

    /// <summary>
    /// ISO-8601 times the range options take: a date, <c>T</c> (or a space), hours and minutes, optional seconds and
    /// fraction, then <c>Z</c>, an offset <c>+hh:mm</c> or nothing (UTC). Nothing looser: <c>1/2/2026</c> would be read
    /// as 2 January by one reader and 1 February by another, and a time without a date as today.
    /// </summary>
    private static readonly string[] TimeFormats =
    [
        .. from separator in (string[])["'T'", " "]
           from clock in (string[])["HH:mm", "HH:mm:ss", "HH:mm:ss.FFFFFFF"]
           from zone in (string[])["", "'Z'", "zzz"]
           select $"yyyy-MM-dd{separator}{clock}{zone}",
    ];

    public static Command Create()
    {
        var events = new Option<string?>("--events") { Description = "The daemon's --events file (JSON lines)." };
        var db = new Option<string?>("--db") { Description = "The daemon's history database (<state_dir>/history.db), opened read-only." };
        var output = new Option<string>("--out") { Description = "HTML report to write.", Required = true };
        var from = new Option<string?>("--from") { Description = "Start (ISO-8601 date or time, UTC unless an offset is given; default: the first entry)." };
        var to = new Option<string?>("--to") { Description = "End, exclusive (a bare date includes that day; default: after the last entry)." };
        var command = new Command("report", "Soundscape report (timeline, label-by-hour heatmap, levels per hour, sources of loud minutes) as one HTML file.")
        {
            events, db, output, from, to,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            try
            {
                var eventsPath = parse.GetValue(events);
                var dbPath = parse.GetValue(db);
                if ((eventsPath is null) == (dbPath is null))
                {
                    throw new ArgumentException("give exactly one of --events FILE.jsonl or --db FILE");
                }

                var outPath = parse.GetRequiredValue(output);
                OutputPath.CheckFile("--out", outPath);
                OutputPath.CheckDistinct("--out", outPath, ("--events", eventsPath), ("--db", dbPath));
                var start = ParseDate(parse.GetValue(from), "--from", endOfRange: false);
                var end = ParseDate(parse.GetValue(to), "--to", endOfRange: true);
                if (start is { } s && end is { } e && s >= e)
                {
                    throw new ArgumentException($"--from {parse.GetValue(from)} is not before --to {parse.GetValue(to)}");
                }

                var data = dbPath is not null ? HistoryDatabase.Read(dbPath) : EventLog.Read(eventsPath!, error.WriteLine);
                var first = start ?? FirstTime(data);
                var last = end ?? LastTime(data).AddTicks(1);
                var range = data.Within(first, last);
                if (range.IsEmpty)
                {
                    throw new InvalidDataException((start, end) switch
                    {
                        (not null, null) => string.Create(CultureInfo.InvariantCulture, $"{data.Source}: --from {parse.GetValue(from)} is after every event or minute in the file (the last at {LastTime(data):yyyy-MM-ddTHH:mm:ssZ})"),
                        (null, not null) => string.Create(CultureInfo.InvariantCulture, $"{data.Source}: --to {parse.GetValue(to)} is before every event or minute in the file (the first at {FirstTime(data):yyyy-MM-ddTHH:mm:ssZ})"),
                        _ => string.Create(CultureInfo.InvariantCulture, $"{data.Source}: no events or minutes from {first:yyyy-MM-ddTHH:mm:ssZ} to {last:yyyy-MM-ddTHH:mm:ssZ}"),
                    });
                }

                if (Path.GetDirectoryName(Path.GetFullPath(outPath)) is { } outDir)
                {
                    Directory.CreateDirectory(outDir);
                }

                SoundscapeReport.Build(range, first, last).Save(outPath);
                error.WriteLine($"{range.Events.Count} events, {range.Minutes.Count} minutes -> {outPath}");
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
            {
                error.WriteLine($"report failed: {ErrorLine.Message(e)}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>The instant <paramref name="text"/> names, from <see cref="HistoryDatabase.Earliest"/> to
    /// <see cref="HistoryDatabase.Latest"/>; null when the option was not given.</summary>
    /// <exception cref="ArgumentException">not a date or time, or out of that range; the option and value named.</exception>
    private static DateTimeOffset? ParseDate(string? text, string option, bool endOfRange)
    {
        if (text is null)
        {
            return null;
        }

        DateTimeOffset instant;
        if (DateTime.TryParseExact(text, DateOnlyFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day))
        {
            instant = new DateTimeOffset(day, TimeSpan.Zero);
            if (endOfRange && instant <= HistoryDatabase.Latest)
            {
                instant = instant.AddDays(1);
            }
        }
        else if (DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            instant = time.ToUniversalTime();
        }
        else
        {
            throw new ArgumentException($"{option} {text}: not an ISO-8601 date (yyyy-MM-dd) or time");
        }

        return instant >= HistoryDatabase.Earliest && instant <= HistoryDatabase.Latest
            ? instant
            : throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{option} {text}: out of range (from {HistoryDatabase.Earliest:yyyy-MM-dd} to {HistoryDatabase.Latest:yyyy-MM-dd} UTC)"));
    }

    private static DateTimeOffset FirstTime(SoundscapeData data) =>
        new[] { data.Events.Count > 0 ? data.Events[0].Time : DateTimeOffset.MaxValue, data.Minutes.Count > 0 ? data.Minutes[0].Start : DateTimeOffset.MaxValue }.Min();

    private static DateTimeOffset LastTime(SoundscapeData data) =>
        new[] { data.Events.Count > 0 ? data.Events[^1].Time : DateTimeOffset.MinValue, data.Minutes.Count > 0 ? data.Minutes[^1].Start : DateTimeOffset.MinValue }.Max();
}
