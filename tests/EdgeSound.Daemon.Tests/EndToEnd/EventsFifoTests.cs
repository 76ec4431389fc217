using EdgeSound.Daemon.Events;
using EdgeSound.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.EndToEnd;

/// <summary>
/// <c>--events</c> naming a FIFO: its reader gets every line (the start-up check of the path must not open it: that
/// would wait for a reader, then end the reader's stream); with no reader the run neither waits nor hides the loss.
/// </summary>
public sealed class EventsFifoTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-fifo-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Args(string events)
    {
        var model = LoudnessModel.Write(_dir);
        var wav = TestAudio.WriteWav(Path.Combine(_dir, "two-tones.wav"), TestAudio.NoiseWithTones(20, [(3, 2), (12, 3)]));
        return ["--input", wav, "--speed", "max", "--model", model, "--set", $"state_dir={Path.Combine(_dir, "state")}", "--set", "detection:include:0=tone", "--events", events];
    }

    [Fact]
    public async Task A_fifo_with_a_reader_gets_every_event_line()
    {
        var fifo = Fifo.Make(Path.Combine(_dir, "events.fifo"));
        var reader = Task.Run(() => File.ReadAllLines(fifo));

        var run = DaemonProcess.Run(Args(fifo), timeoutSeconds: 60);
        output.WriteLine(run.Stderr);

        Assert.Equal(0, run.Code);
        var lines = await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["tone", "tone"], lines.Select(l => EventJson.Parse(l).Label));
    }

    [Fact]
    public void A_fifo_without_a_reader_is_not_waited_for_and_its_lost_lines_are_counted()
    {
        var fifo = Fifo.Make(Path.Combine(_dir, "events.fifo"));

        var run = DaemonProcess.Run(Args(fifo), timeoutSeconds: 60);
        output.WriteLine(run.Stderr);

        Assert.Equal(1, run.Code);
        Assert.Contains($"Events {fifo}: cannot write ({fifo} is a FIFO that no process reads (start its reader first))", run.Stderr);
        Assert.Contains($"Events {fifo}: 2 event lines could not be written in this run", run.Stderr);
        Assert.Contains("2 event records could not be kept in this run (see above): exit 1", run.Stderr);
    }
}
