using System.Text;
using EdgeSound.Daemon.Events;
using EdgeSound.Daemon.Tests.EndToEnd;
using EdgeSound.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.FullDisk;

/// <summary>The daemon as a process with its state, events file and log file on a real, full file system.</summary>
public sealed class DaemonDiskFullTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-full-" + Guid.NewGuid().ToString("N"));
    private readonly string _model;
    private readonly string _wav;

    public DaemonDiskFullTests(ITestOutputHelper output)
    {
        _output = output;
        _model = LoudnessModel.Write(_dir);
        _wav = TestAudio.WriteWav(Path.Combine(_dir, "two-tones.wav"), TestAudio.NoiseWithTones(20, [(3, 2), (12, 3)]));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Args(string state, params string[] more) => ArgsFor(_wav, state, more);

    private string[] ArgsFor(string wav, string state, params string[] more) =>
        ["--input", wav, "--speed", "max", "--model", _model, "--set", $"state_dir={state}", "--set", "detection:include:0=tone", .. more];

    /// <summary>Stops <paramref name="broker"/> and runs the daemon on the two tones against it (exit 1: 2 alerts undelivered).</summary>
    private (int Code, string Stdout, string Stderr) RunWithTheBrokerDown(MosquittoBroker broker, string state)
    {
        broker.Stop();
        var run = DaemonProcess.Run(Args(state, "--mqtt", broker.Uri, "--set", "mqtt:device_id=full", "--set", "mqtt:drain_timeout_s=1"));
        _output.WriteLine(run.Stderr);
        Assert.Equal(1, run.Code);
        return run;
    }

    [Fact]
    public void With_the_broker_down_and_the_disk_full_no_line_promises_the_alerts_a_next_run()
    {
        using var disk = SmallTmpfs.Mount(1024);
        var state = Path.Combine(disk.Root, "state");
        Directory.CreateDirectory(state);
        disk.Fill();
        using var broker = MosquittoBroker.Start();
        var run = RunWithTheBrokerDown(broker, state);
        Assert.Contains($"2 alerts not delivered within 1 s; the outbox {Path.Combine(state, "outbox.journal")} takes no writes, so those held only in memory are lost at exit", run.Stderr);
        Assert.Contains("2 alerts held only in memory are lost at exit", run.Stderr);
        Assert.DoesNotContain("for the next run", run.Stderr);
    }

    [Fact]
    public void A_restart_on_a_full_disk_keeps_listening_delivers_over_mqtt_and_counts_what_the_disk_refused()
    {
        using var disk = SmallTmpfs.Mount(1024);
        var state = Path.Combine(disk.Root, "state");
        using var broker = MosquittoBroker.Start();
        var first = RunWithTheBrokerDown(broker, state);
        Assert.Contains($"2 alerts not delivered within 1 s; they stay in the outbox {Path.Combine(state, "outbox.journal")} for the next run", first.Stderr);
        Assert.Contains("2 alerts were not delivered to the broker in this run (see above); they stay in the outbox", first.Stderr);

        disk.Fill();
        broker.Restart();
        using var collector = MqttCollector.Start(broker.Host, broker.Port, new[] { "edgesound/full/event" });
        var tones = Enumerable.Range(0, 30).Select(k => (2.0 + 6 * k, 1.5)).ToArray();
        var many = TestAudio.WriteWav(Path.Combine(_dir, "thirty-tones.wav"), TestAudio.NoiseWithTones(182, tones));
        var events = Path.Combine(disk.Root, "events.jsonl");
        var second = DaemonProcess.Run(ArgsFor(many, state, "--mqtt", broker.Uri, "--set", "mqtt:device_id=full", "--events", events,
            "--set", $"logging:file={Path.Combine(disk.Root, "daemon.log")}"));
        _output.WriteLine(second.Stderr);

        Assert.Equal(1, second.Code);
        // 30 event lines and the same 30 events in the history (state on the full disk too): 60 records.
        Assert.Contains($"30 events could not be stored in the history {Path.Combine(state, "history.db")}", second.Stderr);
        Assert.Contains("60 event records could not be kept in this run (see above): exit 1", second.Stderr);
        Assert.Contains("2 alerts waiting from before the restart", second.Stderr);
        Assert.Contains("cannot write the journal (No space left on device", second.Stderr);
        Assert.Contains("Pipeline finished: 182.0 s of audio", second.Stderr);
        Assert.Contains("Done: 30 events", second.Stderr);
        Assert.Contains("All alerts delivered (32 this run)", second.Stderr);
        Assert.Contains("30 event lines could not be written in this run", second.Stderr);
        var delivered = collector.WaitForCount(32, TimeSpan.FromSeconds(10)).Select(m => EventJson.Parse(Encoding.UTF8.GetString(m.Payload)).StartSeconds).ToArray();
        Assert.Equal(32, delivered.Length);
        Assert.True(delivered[0] < delivered[1], "the alerts from before the restart go first, in order");
        Assert.Equal(tones.Select(t => t.Item1), delivered[2..].Select(s => Math.Round((s - 2) / 6) * 6 + 2));
    }

    [Fact]
    public void A_history_on_a_full_disk_is_warned_about_once_the_events_still_go_out_and_the_run_exits_1_for_the_events_it_lost()
    {
        using var disk = SmallTmpfs.Mount(1024);
        var state = Path.Combine(disk.Root, "state");
        Directory.CreateDirectory(state);
        disk.Fill();
        var run = DaemonProcess.Run(Args(state, "--events", "-"));
        _output.WriteLine(run.Stderr);

        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(EventJson.Parse).Count());
        Assert.Contains("Done: 2 events", run.Stderr);
        Assert.Single(lines, l => l.Contains("WRN", StringComparison.Ordinal) && l.Contains("History", StringComparison.Ordinal) && l.Contains("failed", StringComparison.Ordinal));
        Assert.Contains($"2 events could not be stored in the history {Path.Combine(state, "history.db")}", run.Stderr);
        Assert.EndsWith("2 event records could not be kept in this run (see above): exit 1", lines[^1], StringComparison.Ordinal);
        Assert.Equal(1, run.Code);
    }

    [Fact]
    public async Task Events_on_stdout_to_dev_full_are_dropped_and_counted_the_run_completes_and_exits_1()
    {
        var (code, stderr) = await DaemonProcess.RunWithRedirect("> /dev/full", Args(Path.Combine(_dir, "state"), "--events", "-"), TimeSpan.FromSeconds(120));
        _output.WriteLine(stderr);
        Assert.Equal(1, code);
        Assert.Contains("2 event records could not be kept in this run (see above): exit 1", stderr);
        Assert.Contains("Events stdout: cannot write (No space left on device", stderr);
        Assert.Contains("2 event lines could not be written in this run", stderr);
        Assert.Contains("Done: 2 events", stderr);
    }
}
