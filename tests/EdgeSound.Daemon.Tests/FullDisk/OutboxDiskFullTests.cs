using System.Text;
using EdgeSound.Daemon.Mqtt;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.FullDisk;

/// <summary>The outbox on a real, full file system: it keeps every alert in memory, never throws, and writes them back when space returns.</summary>
public sealed class OutboxDiskFullTests(ITestOutputHelper output) : IDisposable
{
    private readonly SmallTmpfs _disk = SmallTmpfs.Mount(64, inodes: 16);

    private string Journal => Path.Combine(_disk.Root, "state", "outbox.journal");

    public void Dispose() => _disk.Dispose();

    private static byte[] Alert(int i) => Encoding.UTF8.GetBytes($"{{\"event_type\":\"dog\",\"n\":{i},\"pad\":\"{new string('x', 150)}\"}}");

    private static string[] Texts(Outbox o) => o.Snapshot().Select(e => Encoding.UTF8.GetString(e.Payload)).ToArray();

    private static string[] Expected(int from, int count) => Enumerable.Range(from, count).Select(i => Encoding.UTF8.GetString(Alert(i))).ToArray();

    [Fact]
    public void Alerts_stay_in_memory_while_the_disk_is_full_and_go_back_to_the_journal_when_space_returns()
    {
        var log = new RecordingLogger();
        var outbox = Outbox.Open(Journal, 1000, OutboxFullPolicy.DropOldest, log);
        outbox.Enqueue(Alert(0));
        outbox.Enqueue(Alert(1));
        output.WriteLine($"filler: {_disk.Fill()} bytes");

        var n = 2;
        while (outbox.Durable && n < 200)
        {
            Assert.True(outbox.Enqueue(Alert(n++)));
        }

        Assert.False(outbox.Durable, "the journal never hit the full disk");
        for (var i = 0; i < 5; i++)
        {
            Assert.True(outbox.Enqueue(Alert(n++)));
        }

        Assert.Equal(Expected(0, n), Texts(outbox));
        Assert.True(outbox.Remove(outbox.Peek()!.Sequence));
        Assert.False(outbox.TryRestoreJournal());
        Assert.Single(log.At(LogLevel.Warning), m => m.Contains("cannot write the journal (No space left on device", StringComparison.Ordinal));

        _disk.Free();
        Assert.True(outbox.TryRestoreJournal());
        Assert.True(outbox.Durable);
        Assert.Contains(log.At(LogLevel.Information), m => m.Contains($"{n - 1} waiting alerts written back", StringComparison.Ordinal));
        outbox.Enqueue(Alert(n++));
        var copy = Journal + ".crash";
        File.Copy(Journal, copy);
        outbox.Dispose();

        using var again = Outbox.Open(copy, 1000, OutboxFullPolicy.DropOldest);
        Assert.Equal(Expected(1, n - 1), Texts(again));
    }

    [Fact]
    public void A_restart_on_a_full_disk_loads_the_journal_accepts_new_alerts_and_counts_what_exit_loses()
    {
        using (var first = Outbox.Open(Journal, 1000, OutboxFullPolicy.DropOldest))
        {
            first.Enqueue(Alert(0));
            first.Enqueue(Alert(1));
        }

        _disk.Fill();
        var log = new RecordingLogger();
        var outbox = Outbox.Open(Journal, 1000, OutboxFullPolicy.DropOldest, log);
        Assert.Equal(Expected(0, 2), Texts(outbox));
        var n = 2;
        while (outbox.Durable && n < 200)
        {
            outbox.Enqueue(Alert(n++));
        }

        var held = 0;
        for (; held < 3; held++)
        {
            outbox.Enqueue(Alert(n++));
        }

        Assert.Equal(Expected(0, n), Texts(outbox));
        outbox.Dispose();
        Assert.Contains(log.At(LogLevel.Error), m => m.Contains($"{held + 1} alerts held only in memory are lost at exit", StringComparison.Ordinal));

        using var again = Outbox.Open(Journal, 1000, OutboxFullPolicy.DropOldest);
        Assert.Equal(Expected(0, n - held - 1), Texts(again));
    }

    [Fact]
    public void A_journal_that_cannot_even_be_created_opens_in_memory()
    {
        _disk.Fill();
        var inodes = 0;
        try
        {
            while (true)
            {
                File.WriteAllBytes(Path.Combine(_disk.Root, $"i{inodes}"), []);
                inodes++;
            }
        }
        catch (IOException)
        {
        }

        output.WriteLine($"{inodes} inodes used up");
        var log = new RecordingLogger();
        using var outbox = Outbox.Open(Journal, 10, OutboxFullPolicy.DropNewest, log);
        Assert.False(outbox.Durable);
        Assert.True(outbox.Enqueue(Alert(0)));
        Assert.Equal(Expected(0, 1), Texts(outbox));
        Assert.Contains(log.At(LogLevel.Warning), m => m.Contains("alerts are kept in memory", StringComparison.Ordinal));
    }
}
