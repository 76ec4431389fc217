using System.CommandLine;
using System.Text.RegularExpressions;
using EdgeSound.Trainer.Commands;
using EdgeSound.Trainer.Tests.Report;
using Xunit;

namespace EdgeSound.Trainer.Tests.SoundscapeReports;

/// <summary><c>report</c> end to end on an events file and a history database made here, and on bad inputs.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private static readonly DateTimeOffset Day = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-report-" + Guid.NewGuid().ToString("N"));

    public ReportCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Out => Path.Combine(_dir, "report.html");

    private static (int Code, string Error) Run(params string[] args)
    {
        var root = new RootCommand { ReportCommand.Create() };
        var error = new StringWriter();
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Error = error, Output = new StringWriter() });
        return (code, error.ToString());
    }

    private static string Line(int hour, int minute, string label, double level) =>
        $"{{\"time\": \"{Day.AddHours(hour).AddMinutes(minute):yyyy-MM-ddTHH:mm:ss.fffZ}\", \"label\": \"{label}\", \"score\": 0.91, \"start_s\": 12.5, \"end_s\": 14.0, \"level_dbfs\": {level}}}";

    private string Events(params string[] lines)
    {
        string path = Path.Combine(_dir, "events.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private string History()
    {
        string path = Path.Combine(_dir, "history.db");
        using var h = new HistoryFixture(path);
        for (int i = 0; i < 20; i++)
        {
            h.Minute(Day.AddHours(7).AddMinutes(i), 60, -50 + i, -45 + i, -50 + i, -55 + i, i == 19 ? ["siren"] : []);
        }

        h.Minute(Day.AddHours(8), 60, -30, -28, -31, -35, "car_horn");
        h.Event(Day.AddHours(7).AddMinutes(19).AddSeconds(5), "siren", -20).Event(Day.AddHours(8).AddSeconds(30), "car_horn", -15);
        return path;
    }

    /// <summary>The body rows of the table whose header holds <paramref name="header"/>.</summary>
    private static IReadOnlyList<string[]> Rows(string html, string header)
    {
        var table = Regex.Matches(html, "<table>.*?</table>").Select(m => m.Value)
            .Single(t => Regex.Match(t, "<thead>.*?</thead>").Value.Contains(">" + header + "</th>", StringComparison.Ordinal));
        var body = Regex.Match(table, "<tbody>.*?</tbody>").Value;
        return [.. Regex.Matches(body, "<tr>(.*?)</tr>").Select(m => Regex.Matches(m.Groups[1].Value, "<td[^>]*>(.*?)</td>").Select(c => c.Groups[1].Value).ToArray())];
    }

    [Fact]
    public void An_events_file_gives_a_self_contained_page_with_its_counts_and_event_levels()
    {
        var events = Events(Line(8, 0, "dog", -10), Line(8, 5, "dog", -50), Line(8, 9, "siren", -30), Line(8, 30, "dog", -20), Line(8, 59, "siren", -40), Line(23, 1, "siren", -25));
        var (code, error) = Run("report", "--events", events, "--out", Out);
        Assert.True(code == 0, error);
        string html = File.ReadAllText(Out);
        SvgAssert.AssertSelfContained(html);
        Assert.Equal(4, SvgAssert.EmbeddedCharts(html).Count);

        var heat = Rows(html, "total").ToList();
        Assert.Equal(["dog", "siren"], heat.Select(r => r[0]));
        Assert.Equal("3", heat[0][1 + 8]);
        Assert.Equal("2", heat[1][1 + 8]);
        Assert.Equal("1", heat[1][1 + 23]);
        Assert.Equal(["3", "3"], heat.Select(r => r[25]));

        var levels = Rows(html, "hour (UTC)");
        double leq = 10 * Math.Log10((0.1 + 0.01 + 0.001 + 0.0001 + 0.00001) / 5);
        Assert.Equal(["08", "5", leq.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), "-14.0", "-30.0", "-46.0"], levels[0]);
        Assert.Equal(["23", "1", "-25.0", "-25.0", "-25.0", "-25.0"], levels[1]);
    }

    [Fact]
    public void A_history_database_gives_laeq_percentiles_per_hour_and_the_sources_of_loud_minutes()
    {
        var (code, error) = Run("report", "--db", History(), "--out", Out);
        Assert.True(code == 0, error);
        string html = File.ReadAllText(Out);
        SvgAssert.AssertSelfContained(html);
        Assert.Equal(4, SvgAssert.EmbeddedCharts(html).Count);

        var levels = Rows(html, "hour (UTC)");
        double energy = Enumerable.Range(0, 20).Sum(i => Math.Pow(10, (-50 + i) / 10.0)) / 20;
        Assert.Equal(["07", "20", (10 * Math.Log10(energy)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), "-35.5", "-40.5", "-45.5"], levels[0]);
        Assert.Equal(["08", "1", "-30.0", "-28.0", "-31.0", "-35.0"], levels[1]);

        // 21 minutes: the loudest 3 are 08:00 (-30, car_horn), 07:19 (-31, siren) and 07:18 (-32, none).
        Assert.Contains("3 minutes at or above -32.0 dBFS", html, StringComparison.Ordinal);
        var sources = Rows(html, "loud minutes").ToList();
        Assert.Equal([["car_horn", "1", "33%"], ["siren", "1", "33%"]], sources);
    }

    [Fact]
    public void A_range_limits_the_report_and_a_bare_to_date_includes_that_day()
    {
        var events = Events(Line(8, 0, "dog", -10), Line(24 + 3, 0, "siren", -30), Line(48 + 1, 0, "rain", -30));
        var (code, error) = Run("report", "--events", events, "--out", Out, "--from", "2026-11-02", "--to", "2026-11-02");
        Assert.True(code == 0, error);
        var heat = Rows(File.ReadAllText(Out), "total").ToList();
        Assert.Equal(["siren"], heat.Select(r => r[0]));
        Assert.Contains("1 events, 0 minutes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_event_lines_are_named_by_number_skipped_and_counted()
    {
        var events = Events(Line(8, 0, "dog", -10), "{\"time\": \"yesterday\", \"label\": \"dog\"}", "", "not json", Line(9, 0, "dog", -12),
            "{\"time\": \"9999-12-31T23:59:59Z\", \"label\": \"dog\", \"score\": 0.9, \"start_s\": 0, \"end_s\": 1, \"level_dbfs\": -20}");
        var (code, error) = Run("report", "--events", events, "--out", Out);
        Assert.Equal(0, code);
        Assert.Contains($"{events}: line 2: skipped, \"time\" yesterday is not an ISO-8601 time with a UTC offset (e.g. 2026-11-21T09:30:00.250+00:00)", error, StringComparison.Ordinal);
        Assert.Contains($"{events}: line 4: skipped, not JSON", error, StringComparison.Ordinal);
        Assert.Contains($"{events}: line 6: skipped, \"time\" 9999-12-31T23:59:59Z is outside 1970-01-01 to 9999-01-01", error, StringComparison.Ordinal);
        Assert.Contains($"{events}: 3 malformed lines skipped, 2 events read", error, StringComparison.Ordinal);
        Assert.DoesNotContain("line 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_line_naming_a_key_twice_is_named_skipped_and_counted()
    {
        string twice = Line(8, 1, "dog", -10).Replace("\"label\": \"dog\"", "\"label\": \"dog\", \"label\": \"siren\"", StringComparison.Ordinal);
        var events = Events(Line(8, 0, "dog", -10), twice);
        var (code, error) = Run("report", "--events", events, "--out", Out);
        Assert.Equal(0, code);
        Assert.Contains($"{events}: line 2: skipped, not JSON (Duplicate property 'label'", error, StringComparison.Ordinal);
        Assert.Contains($"{events}: 1 malformed lines skipped, 1 events read", error, StringComparison.Ordinal);
        Assert.Equal(["dog"], Rows(File.ReadAllText(Out), "total").Select(r => r[0]));
    }

    [Theory]
    [InlineData("\"score\": -3", "\"score\" -3 is outside 0 to 1 (a probability)")]
    [InlineData("\"score\": 7", "\"score\" 7 is outside 0 to 1 (a probability)")]
    [InlineData("\"level_dbfs\": 1e308", "\"level_dbfs\" 1e308 is outside -200 to 3 (dBFS)")]
    [InlineData("\"level_dbfs\": 5000", "\"level_dbfs\" 5000 is outside -200 to 3 (dBFS)")]
    [InlineData("\"level_dbfs\": -201", "\"level_dbfs\" -201 is outside -200 to 3 (dBFS)")]
    [InlineData("\"start_s\": -1", "\"start_s\" -1 is outside 0 to 253370764800 (seconds since the input started)")]
    [InlineData("\"end_s\": 12", "\"end_s\" 12 is before start_s 12.5")]
    [InlineData("\"time\": \"2026-11-01T08:00:00\"", "\"time\" 2026-11-01T08:00:00 is not an ISO-8601 time with a UTC offset (e.g. 2026-11-21T09:30:00.250+00:00)")]
    [InlineData("\"label\": \"Dog Bark\"", "\"label\" 'Dog Bark' is not a label (1-64 characters from a-z, 0-9 and '_', not starting or ending with '_')")]
    [InlineData("\"label\": \"\\ud800\"", "a string that is not valid Unicode text (a lone surrogate escape or bytes that are not UTF-8)")]
    public void An_event_line_with_a_value_out_of_range_is_named_skipped_and_counted(string replacement, string reason)
    {
        string key = replacement[..(replacement.IndexOf(':', StringComparison.Ordinal) + 1)];
        string good = Line(8, 0, "dog", -10);
        string bad = Regex.Replace(Line(8, 1, "dog", -10), Regex.Escape(key) + " (\"[^\"]*\"|[^,}]*)", replacement.Replace("$", "$$", StringComparison.Ordinal));
        Assert.NotEqual(Line(8, 1, "dog", -10), bad);
        var events = Events(good, bad);
        var (code, error) = Run("report", "--events", events, "--out", Out);
        Assert.Equal(0, code);
        Assert.Equal(
            [$"{events}: line 2: skipped, {reason}", $"{events}: 1 malformed lines skipped, 1 events read", $"1 events, 0 minutes -> {Out}"],
            error.Trim().Split('\n'));
        Assert.Equal(["dog"], Rows(File.ReadAllText(Out), "total").Select(r => r[0]));
    }

    [Fact]
    public void An_empty_or_unreadable_events_file_stops_with_one_line_and_exit_2()
    {
        var empty = Events();
        var (code, error) = Run("report", "--events", empty, "--out", Out);
        Assert.Equal(2, code);
        Assert.Equal($"report failed: {empty}: no events (empty file)", error.Trim());

        var bad = Events("x", "{}");
        (code, error) = Run("report", "--events", bad, "--out", Out);
        Assert.Equal(2, code);
        Assert.EndsWith($"report failed: {bad}: no events (2 malformed lines, none readable)", error.Trim(), StringComparison.Ordinal);
        Assert.False(File.Exists(Out));
    }

    [Fact]
    public void A_foreign_empty_or_missing_database_stops_with_one_line_naming_it_and_exit_2()
    {
        string text = Path.Combine(_dir, "notes.db");
        File.WriteAllText(text, "this is not a database, just text long enough to fill a header page .......................");
        string foreign = Path.Combine(_dir, "foreign.db");
        using (var f = new HistoryFixture(foreign, withSchema: false))
        {
            f.Execute("CREATE TABLE songs (title TEXT)");
        }

        string empty = Path.Combine(_dir, "empty.db");
        using (new HistoryFixture(empty))
        {
        }

        string missing = Path.Combine(_dir, "missing.db");
        foreach (var (path, message) in new[]
        {
            (text, "not a readable EdgeSound history database"),
            (foreign, "not an EdgeSound history database (no table minutes, occupancy, events, schema_version)"),
            (empty, "the history holds no minutes and no events"),
            (missing, "no such file"),
        })
        {
            var (code, error) = Run("report", "--db", path, "--out", Out);
            Assert.Equal(2, code);
            Assert.Single(error.Trim().Split('\n'));
            Assert.StartsWith($"report failed: {path}: {message}", error.Trim(), StringComparison.Ordinal);
        }

        Assert.False(File.Exists(missing));
        Assert.False(File.Exists(Out));
    }

    [Theory]
    [InlineData("--from", "2026-13-01", "report failed: --from 2026-13-01: not an ISO-8601 date (yyyy-MM-dd) or time")]
    [InlineData("--from", "1/2/2026", "report failed: --from 1/2/2026: not an ISO-8601 date (yyyy-MM-dd) or time")]
    [InlineData("--from", "07:35", "report failed: --from 07:35: not an ISO-8601 date (yyyy-MM-dd) or time")]
    [InlineData("--from", "Nov 1 2026", "report failed: --from Nov 1 2026: not an ISO-8601 date (yyyy-MM-dd) or time")]
    [InlineData("--from", "2026-11-01T08:00+1", "report failed: --from 2026-11-01T08:00+1: not an ISO-8601 date (yyyy-MM-dd) or time")]
    [InlineData("--to", "2026-10-01", "report failed: --from 2026-11-01 is not before --to 2026-10-01")]
    public void Bad_dates_stop_with_exit_2_naming_the_option(string option, string value, string expected)
    {
        var events = Events(Line(8, 0, "dog", -10));
        var (code, error) = option == "--to"
            ? Run("report", "--events", events, "--out", Out, "--from", "2026-11-01", option, value)
            : Run("report", "--events", events, "--out", Out, option, value);
        Assert.Equal(2, code);
        Assert.Equal(expected, error.Trim());
    }

    [Theory]
    [InlineData("2026-11-01T08:00")]
    [InlineData("2026-11-01T08:00:00")]
    [InlineData("2026-11-01 08:00:00.000")]
    [InlineData("2026-11-01T08:00:00Z")]
    [InlineData("2026-11-01T09:00:00+01:00")]
    [InlineData("2026-11-01T02:59:59.5-05:00")]
    public void Iso_times_with_or_without_an_offset_are_read(string from)
    {
        var events = Events(Line(8, 0, "dog", -10), Line(9, 0, "dog", -10));
        var (code, error) = Run("report", "--events", events, "--out", Out, "--from", from, "--to", "2026-11-01T08:30Z");
        Assert.True(code == 0, error);
        Assert.StartsWith("1 events, ", error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Both_or_neither_source_and_an_empty_range_stop_with_exit_2()
    {
        var events = Events(Line(8, 0, "dog", -10));
        Assert.Equal(2, Run("report", "--events", events, "--db", events, "--out", Out).Code);
        Assert.Equal(2, Run("report", "--out", Out).Code);
        var (code, error) = Run("report", "--events", events, "--out", Out, "--from", "2026-11-02", "--to", "2026-11-03");
        Assert.Equal(2, code);
        Assert.Equal($"report failed: {events}: no events or minutes from 2026-11-02T00:00:00Z to 2026-11-04T00:00:00Z", error.Trim());
        Assert.False(File.Exists(Out));
    }

    [Theory]
    [InlineData("--from", "9999-01-01", "--from 9999-01-01 is after every event or minute in the file (the last at 2026-11-01T08:00:00Z)")]
    [InlineData("--from", "2026-11-01T08:00:01Z", "--from 2026-11-01T08:00:01Z is after every event or minute in the file (the last at 2026-11-01T08:00:00Z)")]
    [InlineData("--to", "1970-01-01", "--to 1970-01-01 is before every event or minute in the file (the first at 2026-11-01T08:00:00Z)")]
    [InlineData("--to", "2026-11-01T08:00:00Z", "--to 2026-11-01T08:00:00Z is before every event or minute in the file (the first at 2026-11-01T08:00:00Z)")]
    public void A_lone_bound_beyond_every_entry_is_named_as_such_with_exit_2(string option, string value, string problem)
    {
        var events = Events(Line(8, 0, "dog", -10));
        var (code, error) = Run("report", "--events", events, "--out", Out, option, value);
        Assert.Equal(2, code);
        Assert.Equal($"report failed: {events}: {problem}", error.Trim());
        Assert.False(File.Exists(Out));

        string db = History();
        (code, error) = Run("report", "--db", db, "--out", Out, option, option == "--from" ? "9999-01-01" : "1970-01-01");
        Assert.Equal(2, code);
        Assert.Equal(option == "--from"
            ? $"report failed: {db}: --from 9999-01-01 is after every event or minute in the file (the last at 2026-11-01T08:00:30Z)"
            : $"report failed: {db}: --to 1970-01-01 is before every event or minute in the file (the first at 2026-11-01T07:00:00Z)", error.Trim());
    }

    [Fact]
    public void Events_from_1971_to_9998_give_a_timeline_with_a_few_distinct_year_ticks()
    {
        var events = Events(
            "{\"time\": \"1971-01-01T00:00:00Z\", \"label\": \"dog\", \"score\": 0.9, \"start_s\": 0, \"end_s\": 1, \"level_dbfs\": -20}",
            "{\"time\": \"9998-12-31T23:59:59Z\", \"label\": \"siren\", \"score\": 0.9, \"start_s\": 0, \"end_s\": 1, \"level_dbfs\": -20}");
        var (code, error) = Run("report", "--events", events, "--out", Out);
        Assert.True(code == 0, error);
        string html = File.ReadAllText(Out);
        var years = SvgAssert.Texts(SvgAssert.WellFormed(SvgAssert.EmbeddedCharts(html)[0])).Where(t => Regex.IsMatch(t, "^[0-9]{4}$"));
        Assert.Equal(["2000", "4000", "6000", "8000"], years);
        Assert.True(html.Length < 200_000, $"{html.Length} characters");
    }

    [Fact]
    public void A_directory_as_events_is_named_as_one()
    {
        var (code, error) = Run("report", "--events", _dir, "--out", Out);
        Assert.Equal(2, code);
        Assert.Equal($"report failed: {_dir}: is a directory, not an events file", error.Trim());
    }

    [Theory]
    [InlineData("'abc'", "text 'abc' is not an integer Unix time")]
    [InlineData("9223372036854775807", "9223372036854775807 is outside 1970-01-01 to 9999-01-01 (Unix milliseconds)")]
    [InlineData("-1", "-1 is outside 1970-01-01 to 9999-01-01 (Unix milliseconds)")]
    [InlineData("1.5", "1.5 is not an integer Unix time")]
    public void A_bad_event_time_in_the_history_stops_with_one_line_naming_file_row_and_column(string value, string problem)
    {
        string db = History();
        using (var h = new HistoryFixture(db))
        {
            h.Execute($"INSERT INTO events (id, time_utc_ms, time, label, score, start_s, end_s, level_dbfs) VALUES (3, {value}, 'x', 'dog', 0.9, 1, 2, -20)");
        }

        var (code, error) = Run("report", "--db", db, "--out", Out);
        Assert.Equal(2, code);
        Assert.Equal($"report failed: {db}: table events, row 3, time_utc_ms: {problem}", error.Trim());
        Assert.False(File.Exists(Out));
    }

    [Theory]
    [InlineData("minutes", "UPDATE minutes SET laeq = 'loud' WHERE start_utc = {0}", "laeq: text 'loud' is not a number")]
    [InlineData("minutes", "UPDATE minutes SET seconds = -1 WHERE start_utc = {0}", "seconds: -1 is outside 0 to 60 (seconds of one minute)")]
    [InlineData("minutes", "UPDATE minutes SET l90 = 1e999 WHERE start_utc = {0}", "l90: Infinity is outside -200 to 3 (dBFS)")]
    [InlineData("occupancy", "UPDATE occupancy SET label = x'00' WHERE start_utc = {0}", "label: a 1-byte blob is not text")]
    public void A_bad_minute_or_label_in_the_history_is_named_by_table_row_and_column(string table, string sql, string problem)
    {
        string db = History();
        long start = Day.AddHours(8).ToUnixTimeSeconds();
        using (var h = new HistoryFixture(db))
        {
            h.Execute(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, start));
        }

        var (code, error) = Run("report", "--db", db, "--out", Out);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"report failed: {db}: table {table}, row ", error.Trim(), StringComparison.Ordinal);
        Assert.EndsWith($", {problem}", error.Trim(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE minutes SET laeq = 1e308 WHERE start_utc = {0}", "minutes", "laeq: 1E+308 is outside -200 to 3 (dBFS)")]
    [InlineData("UPDATE minutes SET seconds = 61 WHERE start_utc = {0}", "minutes", "seconds: 61 is outside 0 to 60 (seconds of one minute)")]
    [InlineData("UPDATE minutes SET lafmax = 5000 WHERE start_utc = {0}", "minutes", "lafmax: 5000 is outside -200 to 3 (dBFS)")]
    [InlineData("UPDATE occupancy SET active_s = 1e9 WHERE start_utc = {0}", "occupancy", "active_s: 1000000000 is outside 0 to 86400 (seconds active in one minute, repeats of a clock set back included)")]
    [InlineData("UPDATE occupancy SET label = 'Car Horn' WHERE start_utc = {0}", "occupancy", "label: 'Car Horn' is not a label (1-64 characters from a-z, 0-9 and '_', not starting or ending with '_')")]
    [InlineData("UPDATE events SET score = 5 WHERE id = 2", "events", "score: 5 is outside 0 to 1 (a probability)")]
    [InlineData("UPDATE events SET time = 'garbage' WHERE id = 2", "events", "time: garbage is not an ISO-8601 time with a UTC offset (e.g. 2026-11-21T09:30:00.250+00:00)")]
    [InlineData("UPDATE events SET start_s = -1 WHERE id = 2", "events", "start_s: -1 is outside 0 to 253370764800 (seconds since the input started)")]
    [InlineData("UPDATE events SET end_s = 0.5 WHERE id = 2", "events", "end_s: 0.5 is before start_s 1")]
    [InlineData("UPDATE events SET level_dbfs = x'01' WHERE id = 2", "events", "level_dbfs: a 1-byte blob is not a number")]
    public void A_history_value_out_of_range_is_named_by_table_row_and_column(string sql, string table, string problem)
    {
        string db = History();
        using (var h = new HistoryFixture(db))
        {
            h.Execute(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, Day.AddHours(8).ToUnixTimeSeconds()));
        }

        var (code, error) = Run("report", "--db", db, "--out", Out);
        Assert.Equal(2, code);
        Assert.Matches($"^report failed: {Regex.Escape(db)}: table {table}, row [0-9]+, {Regex.Escape(problem)}$", error.Trim());
        Assert.False(File.Exists(Out));
    }

    [Theory]
    [InlineData("UPDATE schema_version SET version = 99", "99")]
    [InlineData("DELETE FROM schema_version", "none")]
    [InlineData("UPDATE schema_version SET version = 'one'", "text 'one'")]
    public void A_history_of_another_schema_version_is_refused_with_one_line(string sql, string version)
    {
        string db = History();
        using (var h = new HistoryFixture(db))
        {
            h.Execute(sql);
        }

        var (code, error) = Run("report", "--db", db, "--out", Out);
        Assert.Equal(2, code);
        Assert.Equal($"report failed: {db}: schema version {version} is not the one this release reads (1)", error.Trim());
    }

    [Theory]
    [InlineData("--from", "0001-01-01", "report failed: --from 0001-01-01: out of range (from 1970-01-01 to 9999-01-01 UTC)")]
    [InlineData("--to", "9999-12-31", "report failed: --to 9999-12-31: out of range (from 1970-01-01 to 9999-01-01 UTC)")]
    [InlineData("--to", "9999-12-31T23:59:59Z", "report failed: --to 9999-12-31T23:59:59Z: out of range (from 1970-01-01 to 9999-01-01 UTC)")]
    public void Dates_outside_the_range_a_history_can_hold_are_named_by_option(string option, string value, string expected)
    {
        var (code, error) = Run("report", "--db", History(), "--out", Out, option, value);
        Assert.Equal(2, code);
        Assert.Equal(expected, error.Trim());
    }

    [Fact]
    public void A_directory_as_db_is_named_as_one()
    {
        var (code, error) = Run("report", "--db", _dir, "--out", Out);
        Assert.Equal(2, code);
        Assert.Equal($"report failed: {_dir}: is a directory, not a history database", error.Trim());
    }

    [Fact]
    public void The_output_is_checked_before_the_input_is_read_and_missing_folders_are_created()
    {
        string missing = Path.Combine(_dir, "missing.db");
        var (code, error) = Run("report", "--db", missing, "--out", _dir);
        Assert.Equal(2, code);
        Assert.StartsWith($"report failed: --out {_dir}: cannot write there", error.Trim(), StringComparison.Ordinal);

        string nested = Path.Combine(_dir, "a", "b", "report.html");
        (code, error) = Run("report", "--db", History(), "--out", nested);
        Assert.True(code == 0, error);
        Assert.True(File.Exists(nested));
    }
}
