using System.Text;
using EdgeSound.Daemon.Mqtt;
using Xunit;

namespace EdgeSound.Daemon.Tests.Mqtt;

public sealed class OutboxTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-outbox-" + Guid.NewGuid().ToString("N"));

    private string Journal => Path.Combine(_dir, "outbox.journal");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static byte[] P(string s) => Encoding.UTF8.GetBytes(s);

    private static string[] Texts(Outbox o) => o.Snapshot().Select(e => Encoding.UTF8.GetString(e.Payload)).ToArray();

    [Fact]
    public void Entries_survive_a_restart_in_order_and_removed_ones_stay_removed()
    {
        using (var o = Outbox.Open(Journal, 100, OutboxFullPolicy.DropOldest))
        {
            o.Enqueue(P("a"));
            o.Enqueue(P("b"));
            o.Enqueue(P("c"));
            Assert.True(o.Remove(o.Peek()!.Sequence));
        }

        using (var o = Outbox.Open(Journal, 100, OutboxFullPolicy.DropOldest))
        {
            Assert.Equal(["b", "c"], Texts(o));
            o.Enqueue(P("d"));
            Assert.Equal(["b", "c", "d"], Texts(o));
            var seqs = o.Snapshot().Select(e => e.Sequence).ToArray();
            Assert.True(seqs[0] < seqs[1] && seqs[1] < seqs[2]);
        }
    }

    [Fact]
    public void Crash_without_dispose_loses_nothing_written()
    {
        var o = Outbox.Open(Journal, 100, OutboxFullPolicy.DropOldest);
        o.Enqueue(P("x"));
        o.Enqueue(P("y"));
        var copy = Journal + ".crash";
        File.Copy(Journal, copy);
        o.Dispose();
        using var again = Outbox.Open(copy, 100, OutboxFullPolicy.DropOldest);
        Assert.Equal(["x", "y"], Texts(again));
    }

    [Fact]
    public void Torn_tail_from_an_interrupted_write_is_cut_off()
    {
        using (var o = Outbox.Open(Journal, 100, OutboxFullPolicy.DropOldest))
        {
            o.Enqueue(P("first"));
            o.Enqueue(P("second"));
        }

        var full = File.ReadAllBytes(Journal);
        File.WriteAllBytes(Journal, full[..^3]);
        using (var o = Outbox.Open(Journal, 100, OutboxFullPolicy.DropOldest))
        {
            Assert.Equal(["first"], Texts(o));
            o.Enqueue(P("third"));
        }

        using (var o = Outbox.Open(Journal, 100, OutboxFullPolicy.DropOldest))
        {
            Assert.Equal(["first", "third"], Texts(o));
        }
    }

    [Fact]
    public void Corrupt_record_is_detected_by_its_checksum()
    {
        using (var o = Outbox.Open(Journal, 100, OutboxFullPolicy.DropOldest))
        {
            o.Enqueue(P("good"));
            o.Enqueue(P("flipped"));
        }

        var bytes = File.ReadAllBytes(Journal);
        bytes[^2] ^= 0x40;
        File.WriteAllBytes(Journal, bytes);
        using var again = Outbox.Open(Journal, 100, OutboxFullPolicy.DropOldest);
        Assert.Equal(["good"], Texts(again));
    }

    [Fact]
    public void Drop_oldest_keeps_the_newest_and_counts()
    {
        using (var o = Outbox.Open(Journal, 3, OutboxFullPolicy.DropOldest))
        {
            foreach (var s in new[] { "1", "2", "3", "4", "5" })
            {
                Assert.True(o.Enqueue(P(s)));
            }

            Assert.Equal(["3", "4", "5"], Texts(o));
            Assert.Equal(2, o.Dropped);
        }

        using var again = Outbox.Open(Journal, 3, OutboxFullPolicy.DropOldest);
        Assert.Equal(["3", "4", "5"], Texts(again));
    }

    [Fact]
    public void Drop_newest_refuses_and_counts()
    {
        using var o = Outbox.Open(Journal, 2, OutboxFullPolicy.DropNewest);
        Assert.True(o.Enqueue(P("1")));
        Assert.True(o.Enqueue(P("2")));
        Assert.False(o.Enqueue(P("3")));
        Assert.Equal(["1", "2"], Texts(o));
        Assert.Equal(1, o.Dropped);
    }

    [Fact]
    public void Smaller_bound_after_restart_drops_the_oldest()
    {
        using (var o = Outbox.Open(Journal, 10, OutboxFullPolicy.DropOldest))
        {
            for (var i = 0; i < 5; i++)
            {
                o.Enqueue(P(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        using var again = Outbox.Open(Journal, 2, OutboxFullPolicy.DropOldest);
        Assert.Equal(["3", "4"], Texts(again));
    }

    [Fact]
    public void Remove_of_an_already_dropped_sequence_is_ignored()
    {
        using var o = Outbox.Open(Journal, 1, OutboxFullPolicy.DropOldest);
        o.Enqueue(P("old"));
        var old = o.Peek()!.Sequence;
        o.Enqueue(P("new"));
        Assert.False(o.Remove(old));
        Assert.Equal(["new"], Texts(o));
    }

    [Fact]
    public void Journal_is_compacted_and_stays_valid()
    {
        var payload = new byte[1000];
        using (var o = Outbox.Open(Journal, 100, OutboxFullPolicy.DropOldest, compactBytes: 20_000))
        {
            for (var i = 0; i < 100; i++)
            {
                o.Enqueue(payload);
                o.Remove(o.Peek()!.Sequence);
            }

            o.Enqueue(P("last"));
            Assert.True(new FileInfo(Journal).Length < 25_000, $"journal not compacted: {new FileInfo(Journal).Length} bytes");
        }

        using var again = Outbox.Open(Journal, 100, OutboxFullPolicy.DropOldest);
        Assert.Equal(["last"], Texts(again));
        Assert.Equal(100, again.Peek()!.Sequence);
    }

    [Fact]
    public void Foreign_file_is_refused_with_its_name()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Journal, "hello world, not a journal");
        var e = Assert.Throws<InvalidDataException>(() => Outbox.Open(Journal, 10, OutboxFullPolicy.DropOldest));
        Assert.Contains(Journal, e.Message);
    }

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
    }
}
