using System.Diagnostics;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Events;
using Xunit;

namespace EdgeSound.Daemon.Tests.Events;

/// <summary>
/// The events file under logrotate: a file renamed or deleted while the daemon runs gets the later lines in a new
/// file at its path, not in the old inode; a FIFO stays open (its reader sees every line before one end of file).
/// </summary>
public sealed class EventFileRotationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-events-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DetectedEvent Event(int i) => new(new DateTimeOffset(2026, 3, 1, 7, 0, 0, TimeSpan.Zero).AddSeconds(i), "dog", 0.9, i, i + 1.5, -20);

    private static double[] Starts(string path) =>
        [.. File.ReadAllLines(path).Select(l => EventJson.Parse(l).StartSeconds)];

    [Fact]
    public void After_a_rename_the_next_lines_go_to_a_new_file_at_the_path()
    {
        var path = Path.Combine(_dir, "events.jsonl");
        using var writer = EventLineWriter.Open(path, new RecordingLogger());
        writer.Write(Event(0));
        File.Move(path, path + ".1");
        writer.Write(Event(1));
        writer.Write(Event(2));

        Assert.Equal([0.0], Starts(path + ".1"));
        Assert.Equal([1.0, 2.0], Starts(path));
        Assert.Equal(0, writer.Dropped);
    }

    [Fact]
    public void After_a_delete_the_next_lines_go_to_a_recreated_file()
    {
        var path = Path.Combine(_dir, "events.jsonl");
        using var writer = EventLineWriter.Open(path, new RecordingLogger());
        writer.Write(Event(0));
        File.Delete(path);
        writer.Write(Event(1));

        Assert.Equal([1.0], Starts(path));
    }

    [Fact]
    public async Task A_fifo_stays_open_its_reader_gets_every_line_before_one_end_of_file()
    {
        var fifo = Path.Combine(_dir, "events.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var reader = Task.Run(() => File.ReadAllLines(fifo));
        using (var writer = EventLineWriter.Open(fifo, new RecordingLogger()))
        {
            writer.Write(Event(0));
            Thread.Sleep(200);
            writer.Write(Event(1));
            writer.Write(Event(2));
        }

        var lines = await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([0.0, 1.0, 2.0], lines.Select(l => EventJson.Parse(l).StartSeconds));
    }
}
