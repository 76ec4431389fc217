using EdgeSound.Daemon.Levels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.EndToEnd;

/// <summary>The history as the daemon process keeps it: <c>&lt;state_dir&gt;/history.db</c> grows across runs.</summary>
public sealed class HistoryProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-hist-e2e-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Two_daemon_runs_leave_both_runs_minutes_occupancy_and_events_in_the_history()
    {
        var model = LoudnessModel.Write(_dir);
        var state = Path.Combine(_dir, "state");
        var start = new DateTime(2026, 3, 1, 10, 0, 15, DateTimeKind.Utc);
        foreach (var (run, origin) in new[] { (1, start), (2, start.AddMinutes(10)) })
        {
            var wav = TestAudio.WriteWav(Path.Combine(_dir, $"run{run}.wav"), TestAudio.NoiseWithTones(20, [(3, 2), (12, 3)]));
            File.SetLastWriteTimeUtc(wav, origin.AddSeconds(20)); // a recording's modification time is its end
            var r = DaemonProcess.Run(["--input", wav, "--speed", "max", "--model", model, "--set", $"state_dir={state}", "--set", "detection:include:0=tone"]);
            output.WriteLine(r.Stderr);
            Assert.Equal(0, r.Code);
            Assert.Contains($"History: events and level minutes are kept in {Path.Combine(state, "history.db")} (state_dir)", r.Stderr);
        }

        using var store = LevelStore.Open(Path.Combine(state, "history.db"), 30, NullLogger.Instance);
        var minutes = store.Minutes(new DateTimeOffset(start.AddHours(-1)), new DateTimeOffset(start.AddHours(1)));
        foreach (var m in minutes)
        {
            output.WriteLine($"{m.Levels.Start:HH:mm}: {m.Levels.Seconds:0.0} s, LAeq {m.Levels.LAeq:0.0} LAFmax {m.Levels.LAFmax:0.0} L90 {m.Levels.L90:0.0} dBFS, tone {m.Occupancy.GetValueOrDefault("tone"):P0}");
        }

        Assert.Equal([new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 10, 10, 0, TimeSpan.Zero)], minutes.Select(m => m.Levels.Start));
        Assert.All(minutes, m =>
        {
            Assert.Equal(20, m.Levels.Seconds, 1);
            Assert.InRange(m.Levels.LAFmax, -15, -12);
            // 5 s of tones; the stand-in model scores a window by its loudest frame, so each tone holds up to a window
            // (1.04 s) and a hop of smoothing (0.5 s) longer.
            Assert.InRange(m.Occupancy["tone"], 5.0 / 20, 8.5 / 20);
        });
        var events = store.Events(10);
        Assert.Equal(4, events.Count);
        Assert.All(events, e => Assert.Equal("tone", e.Label));
        Assert.Equal(new DateTimeOffset(start.AddMinutes(10)).AddSeconds(events[0].StartSeconds), events[0].Time, TimeSpan.FromMilliseconds(2));
    }

    [Fact]
    public void A_history_from_a_newer_release_is_said_to_be_off_once_and_not_said_to_be_kept()
    {
        var model = LoudnessModel.Write(_dir);
        var state = Path.Combine(_dir, "state");
        var db = Path.Combine(state, "history.db");
        Directory.CreateDirectory(state);
        LevelStore.Open(db, 30, NullLogger.Instance).Dispose();
        using (var sqlite = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            sqlite.Open();
            using var cmd = sqlite.CreateCommand();
            cmd.CommandText = "UPDATE schema_version SET version = 99";
            cmd.ExecuteNonQuery();
        }

        var wav = TestAudio.WriteWav(Path.Combine(_dir, "run.wav"), TestAudio.NoiseWithTones(5, [(1, 1)]));
        var r = DaemonProcess.Run(["--input", wav, "--speed", "max", "--model", model, "--set", $"state_dir={state}", "--set", "detection:include:0=tone"]);
        output.WriteLine(r.Stderr);
        Assert.Equal(0, r.Code);
        Assert.Single(r.Stderr.Split('\n'), l => l.Contains("history is off for this run", StringComparison.Ordinal));
        Assert.DoesNotContain("which report --db reads", r.Stderr, StringComparison.Ordinal);
    }
}
