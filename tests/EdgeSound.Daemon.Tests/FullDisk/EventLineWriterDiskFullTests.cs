using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Events;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeSound.Daemon.Tests.FullDisk;

/// <summary>The events file on a full disk: lines are dropped and counted, never thrown, and the file stays valid JSON lines.</summary>
public sealed class EventLineWriterDiskFullTests
{
    private static DetectedEvent Event(int i) => new(new DateTimeOffset(2026, 3, 1, 7, 0, 0, TimeSpan.Zero).AddSeconds(i), "dog", 0.9, i, i + 1.5, -20);

    [Fact]
    public void Lines_are_dropped_and_counted_on_a_full_disk_then_written_again_when_space_returns()
    {
        using var disk = SmallTmpfs.Mount(64);
        var path = Path.Combine(disk.Root, "events.jsonl");
        var log = new RecordingLogger();
        var writer = EventLineWriter.Open(path, log);
        writer.Write(Event(0));
        disk.Fill();
        var n = 1;
        while (writer.Dropped == 0 && n < 100)
        {
            writer.Write(Event(n++));
        }

        Assert.Equal(1, writer.Dropped);
        writer.Write(Event(n++));
        writer.Write(Event(n++));
        Assert.Equal(3, writer.Dropped);
        disk.Free();
        writer.Write(Event(n++));
        writer.Dispose();

        var lines = File.ReadAllText(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(n - 3, lines.Length);
        Assert.All(lines, l => EventJson.Parse(l));
        Assert.Equal(n - 1, EventJson.Parse(lines[^1]).StartSeconds);
        Assert.Single(log.At(LogLevel.Warning), m => m.Contains("cannot write (No space left on device", StringComparison.Ordinal));
        Assert.Contains(log.At(LogLevel.Information), m => m.Contains("3 event lines were dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void Writing_to_dev_full_drops_lines_without_throwing()
    {
        var log = new RecordingLogger();
        using (var writer = new EventLineWriter(new FileStream("/dev/full", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0), "/dev/full", log))
        {
            writer.Write(Event(0));
            writer.Write(Event(1));
            Assert.Equal(2, writer.Dropped);
        }

        Assert.Contains(log.At(LogLevel.Warning), m => m.Contains("2 event lines could not be written", StringComparison.Ordinal));
    }
}
