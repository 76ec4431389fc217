using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Events;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Daemon.Tests.Events;

/// <summary>
/// The events file under logrotate: a file renamed or deleted while the daemon runs gets the later lines in a new
/// file at its path, not in the old inode; a FIFO stays open (its reader sees every line before one end of file), and
/// one without a reader drops and counts lines instead of waiting for one.
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
        var fifo = Fifo.Make(Path.Combine(_dir, "events.fifo"));
        var reader = Task.Run(() => File.ReadAllLines(fifo));
        using (var writer = EventLineWriter.Open(fifo, new RecordingLogger()))
        {
            // Lines before the reader opened the FIFO are dropped: write the first until one is not.
            var first = 0;
            while (WriteDropped(writer, Event(first)))
            {
                first++;
                Thread.Sleep(20);
            }

            Thread.Sleep(200);
            writer.Write(Event(first + 1));
            writer.Write(Event(first + 2));
            Assert.Equal(first, writer.Dropped);
        }

        var lines = await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, lines.Length);
        Assert.Equal([0.0, 1.0, 2.0], lines.Select(l => EventJson.Parse(l).StartSeconds - EventJson.Parse(lines[0]).StartSeconds));
    }

    [Fact]
    public async Task A_fifo_without_a_reader_drops_and_counts_lines_at_once_instead_of_waiting()
    {
        var fifo = Fifo.Make(Path.Combine(_dir, "events.fifo"));
        var log = new RecordingLogger();
        using var writer = EventLineWriter.Open(fifo, log);

        var write = Task.Run(() =>
        {
            writer.Write(Event(0));
            writer.Write(Event(1));
        });

        await write.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, writer.Dropped);
        Assert.Contains($"{fifo} is a FIFO that no process reads (start its reader first)", Assert.Single(log.At(Microsoft.Extensions.Logging.LogLevel.Warning)));
    }

    private static bool WriteDropped(EventLineWriter writer, DetectedEvent e)
    {
        var before = writer.Dropped;
        writer.Write(e);
        return writer.Dropped > before;
    }
}
