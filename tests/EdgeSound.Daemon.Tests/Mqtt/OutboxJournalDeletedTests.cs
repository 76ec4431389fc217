using System.Text;
using EdgeSound.Daemon.Mqtt;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeSound.Daemon.Tests.Mqtt;

/// <summary>
/// The outbox journal deleted (or moved away) while the daemon runs: it is written again at its path with every
/// waiting alert, so a later restart, even after a crash, still delivers them.
/// </summary>
public sealed class OutboxJournalDeletedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-outbox-gone-").FullName;

    private string Journal => Path.Combine(_dir, "outbox.journal");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] P(string s) => Encoding.UTF8.GetBytes(s);

    /// <summary>What a restart after a crash finds: the journal at its path as it is now, read by a new outbox.</summary>
    private string[] AfterACrash()
    {
        var copy = Path.Combine(_dir, "crash-" + Guid.NewGuid().ToString("N"));
        File.Copy(Journal, copy);
        using var again = Outbox.Open(copy, 100, OutboxFullPolicy.DropOldest);
        return [.. again.Snapshot().Select(e => Encoding.UTF8.GetString(e.Payload))];
    }

    [Fact]
    public void The_next_alert_rewrites_a_deleted_journal_with_every_waiting_alert()
    {
        var log = new RecordingLogger();
        using var outbox = Outbox.Open(Journal, 100, OutboxFullPolicy.DropOldest, log);
        outbox.Enqueue(P("a"));
        outbox.Enqueue(P("b"));
        File.Delete(Journal);
        outbox.Enqueue(P("c"));

        Assert.Equal(["a", "b", "c"], AfterACrash());
        Assert.Single(log.At(LogLevel.Warning), m => m.Contains("is no longer at its path (deleted or moved?)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_delivery_after_a_move_rewrites_the_journal_without_the_delivered_alert()
    {
        using var outbox = Outbox.Open(Journal, 100, OutboxFullPolicy.DropOldest, new RecordingLogger());
        outbox.Enqueue(P("a"));
        outbox.Enqueue(P("b"));
        File.Move(Journal, Journal + ".old");
        Assert.True(outbox.Remove(outbox.Peek()!.Sequence));

        Assert.Equal(["b"], AfterACrash());
    }

    [Fact]
    public void Without_new_alerts_the_periodic_check_and_the_stop_rewrite_a_deleted_journal()
    {
        using (var outbox = Outbox.Open(Journal, 100, OutboxFullPolicy.DropOldest, new RecordingLogger()))
        {
            outbox.Enqueue(P("a"));
            File.Delete(Journal);
            Assert.True(outbox.TryRestoreJournal());
            Assert.Equal(["a"], AfterACrash());
            File.Delete(Journal);
        }

        Assert.Equal(["a"], AfterACrash());
    }
}
