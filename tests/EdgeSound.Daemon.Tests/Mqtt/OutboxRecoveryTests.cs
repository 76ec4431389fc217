using System.Buffers.Binary;
using System.Text;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Events;
using EdgeSound.Daemon.Mqtt;
using Microsoft.Extensions.Logging;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.Mqtt;

/// <summary>
/// A damaged journal gives back every intact record around the damage. Journals are written by the outbox itself;
/// the tests find records by the documented framing (8-byte magic, then <c>[type][seq:8][len:4][crc:4][payload]</c>).
/// </summary>
public sealed class OutboxRecoveryTests(ITestOutputHelper output) : IDisposable
{
    private const int HeaderSize = 17;
    private static readonly string[] Labels = ["dog", "siren", "glass_breaking", "crying_baby", "door_wood_knock", "rooster", "chainsaw"];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-recovery-" + Guid.NewGuid().ToString("N"));

    private string Journal => Path.Combine(_dir, "outbox.journal");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static string Alert(int i) => Encoding.UTF8.GetString(EventJson.ToUtf8(
        new DetectedEvent(new DateTimeOffset(2026, 3, 1, 7, 0, 0, TimeSpan.Zero).AddSeconds(i * 37), Labels[i % Labels.Length], 0.7 + (i % 3) / 10.0, i * 37.0, i * 37.0 + 2.5, -20 - i), eventType: true));

    /// <summary>Writes <paramref name="alerts"/> alerts, the first <paramref name="delivered"/> removed as delivered; returns the file's bytes.</summary>
    private byte[] WriteJournal(int alerts, int delivered = 0)
    {
        using (var o = Outbox.Open(Journal, 1000, OutboxFullPolicy.DropOldest))
        {
            for (var i = 0; i < alerts; i++)
            {
                o.Enqueue(Encoding.UTF8.GetBytes(Alert(i)));
                if (i < delivered)
                {
                    o.Remove(o.Peek()!.Sequence);
                }
            }
        }

        return File.ReadAllBytes(Journal);
    }

    /// <summary>Records in file order: (offset, total size, type, sequence).</summary>
    private static List<(int Offset, int Size, char Type, long Sequence)> Records(byte[] journal)
    {
        var records = new List<(int, int, char, long)>();
        for (var offset = 8; offset < journal.Length;)
        {
            var size = HeaderSize + BinaryPrimitives.ReadInt32LittleEndian(journal.AsSpan(offset + 9));
            records.Add((offset, size, (char)journal[offset], BinaryPrimitives.ReadInt64LittleEndian(journal.AsSpan(offset + 1))));
            offset += size;
        }

        return records;
    }

    private (string[] Texts, RecordingLogger Log) Reopen(byte[] bytes)
    {
        File.WriteAllBytes(Journal, bytes);
        var log = new RecordingLogger();
        using var o = Outbox.Open(Journal, 1000, OutboxFullPolicy.DropOldest, log);
        return (o.Snapshot().Select(e => Encoding.UTF8.GetString(e.Payload)).ToArray(), log);
    }

    private static string[] AllBut(int count, params int[] missing) => Enumerable.Range(0, count).Where(i => !missing.Contains(i)).Select(Alert).ToArray();

    [Fact]
    public void One_flipped_byte_in_the_middle_of_14_alerts_costs_only_the_alert_it_hit()
    {
        var journal = WriteJournal(14);
        var middle = journal.Length / 2;
        var hit = Records(journal).FindIndex(r => middle >= r.Offset && middle < r.Offset + r.Size);
        journal[middle] ^= 0x10;

        var (texts, log) = Reopen(journal);

        Assert.Equal(AllBut(14, hit), texts);
        var warning = Assert.Single(log.At(LogLevel.Warning));
        Assert.Contains("damaged in 1 place(s): 13 waiting alerts kept, 1 alerts dropped", warning);
        Assert.DoesNotContain("interrupted", warning);
        Assert.DoesNotContain("bytes", warning);
        var (again, clean) = Reopen(File.ReadAllBytes(Journal));
        Assert.Equal(texts, again);
        Assert.Empty(clean.At(LogLevel.Warning));
    }

    [Theory]
    [InlineData("type", 0)]
    [InlineData("sequence", 3)]
    [InlineData("length", 9)]
    [InlineData("length high byte", 12)]
    [InlineData("crc", 14)]
    [InlineData("payload", HeaderSize + 20)]
    public void A_flip_in_any_field_of_a_record_drops_that_record_only(string field, int at)
    {
        var journal = WriteJournal(14);
        var fifth = Records(journal)[4];
        journal[fifth.Offset + at] ^= 0x01;

        var (texts, log) = Reopen(journal);

        Assert.True(AllBut(14, 4).SequenceEqual(texts), $"flip in the {field}: got {texts.Length} alerts");
        Assert.Contains(log.At(LogLevel.Warning), m => m.Contains("13 waiting alerts kept, 1 alerts dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_damaged_places_are_counted_and_everything_between_them_kept()
    {
        var journal = WriteJournal(14);
        var records = Records(journal);
        journal[records[2].Offset + HeaderSize + 5] ^= 0xFF;
        journal[records[9].Offset + 10] ^= 0x80;

        var (texts, log) = Reopen(journal);

        Assert.Equal(AllBut(14, 2, 9), texts);
        Assert.Contains(log.At(LogLevel.Warning), m => m.Contains("damaged in 2 place(s): 12 waiting alerts kept, 2 alerts dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_zeroed_block_drops_only_the_records_it_overlaps()
    {
        var journal = WriteJournal(30);
        var records = Records(journal);
        const int start = 1500;
        const int length = 512;
        Array.Clear(journal, start, length);
        var hit = records.Select((r, i) => (r, i)).Where(x => x.r.Offset < start + length && x.r.Offset + x.r.Size > start).Select(x => x.i).ToArray();

        var (texts, log) = Reopen(journal);

        Assert.Equal(AllBut(30, hit), texts);
        Assert.Contains(log.At(LogLevel.Warning), m => m.Contains($"{30 - hit.Length} waiting alerts kept, {hit.Length} alerts dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void Garbage_appended_is_cut_and_no_alert_is_lost()
    {
        var journal = WriteJournal(14);
        var garbage = new byte[100];
        new Random(9).NextBytes(garbage);

        var (texts, log) = Reopen([.. journal, .. garbage]);

        Assert.Equal(AllBut(14), texts);
        Assert.Contains(log.At(LogLevel.Warning), m => m.Contains("cut 100 unreadable bytes at its end", StringComparison.Ordinal));
        using (var o = Outbox.Open(Journal, 1000, OutboxFullPolicy.DropOldest))
        {
            o.Enqueue("after"u8);
        }

        Assert.Equal([.. AllBut(14), "after"], Reopen(File.ReadAllBytes(Journal)).Texts);
    }

    [Fact]
    public void A_truncated_tail_says_an_interrupted_write_and_counts_the_torn_alert()
    {
        var journal = WriteJournal(14);

        var (texts, log) = Reopen(journal[..^40]);

        Assert.Equal(AllBut(14, 13), texts);
        Assert.Contains(log.At(LogLevel.Warning), m => m.Contains("an interrupted write", StringComparison.Ordinal) && m.Contains("1 torn alert record(s) dropped, 13 waiting alerts kept", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicated_records_count_once_in_order()
    {
        var journal = WriteJournal(14);
        var records = Records(journal);
        var copied = journal.AsSpan(records[3].Offset, records[7].Offset - records[3].Offset).ToArray();
        var insertAt = records[10].Offset;

        var (texts, log) = Reopen([.. journal[..insertAt], .. copied, .. journal[insertAt..]]);

        Assert.Equal(AllBut(14), texts);
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public void A_damaged_magic_still_recovers_every_record()
    {
        var journal = WriteJournal(14);
        journal[2] ^= 0x04;

        var (texts, log) = Reopen(journal);

        Assert.Equal(AllBut(14), texts);
        Assert.Contains(log.At(LogLevel.Warning), m => m.Contains("14 waiting alerts kept, 0 alerts dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_removal_record_resends_a_delivered_alert_rather_than_losing_one()
    {
        var journal = WriteJournal(14, delivered: 3);
        var lastRemoval = Records(journal).Last(r => r.Type == 'R');
        journal[lastRemoval.Offset + 14] ^= 0x20;

        var (texts, _) = Reopen(journal);

        Assert.Equal(AllBut(14, 0, 1), texts);
    }

    [Fact]
    public void Every_single_byte_flip_keeps_every_intact_alert()
    {
        var journal = WriteJournal(14, delivered: 3);
        var records = Records(journal);
        var all = AllBut(14);
        var waiting = all[3..];
        long intact = 0;
        long kept = 0;
        var shortfalls = new List<int>();
        for (var position = 0; position < journal.Length; position++)
        {
            var copy = (byte[])journal.Clone();
            copy[position] ^= (byte)(1 << (position % 8));
            var hit = records.FindIndex(r => position >= r.Offset && position < r.Offset + r.Size);
            var hitAlert = hit >= 0 && records[hit].Type == 'E' ? (int)records[hit].Sequence : -1;
            var expected = waiting.Where(a => hitAlert < 0 || a != all[hitAlert]).ToArray();
            var scan = OutboxRecovery.Scan(copy);
            var pending = scan.Pending.Select(e => Encoding.UTF8.GetString(e.Payload)).ToArray();
            Assert.All(pending, p => Assert.Contains(p, all));
            intact += expected.Length;
            var got = expected.Count(pending.Contains);
            kept += got;
            if (got < expected.Length)
            {
                shortfalls.Add(position);
            }
        }

        output.WriteLine($"{journal.Length} single-byte flips of a 14-alert journal (11 waiting): {kept} of {intact} intact waiting alerts recovered ({100.0 * kept / intact:0.00} %)");
        Assert.Empty(shortfalls);
    }

    [Fact]
    public void Twenty_randomly_flipped_copies_lose_no_intact_alert()
    {
        var journal = WriteJournal(14);
        var records = Records(journal);
        var random = new Random(20260301);
        var intact = 0;
        var kept = 0;
        for (var copy = 0; copy < 20; copy++)
        {
            var bytes = (byte[])journal.Clone();
            var position = random.Next(8, bytes.Length);
            bytes[position] ^= (byte)(1 << random.Next(8));
            var hit = records.FindIndex(r => position >= r.Offset && position < r.Offset + r.Size);
            var expected = AllBut(14, hit);
            var texts = Reopen(bytes).Texts;
            intact += expected.Length;
            kept += expected.Count(texts.Contains);
        }

        output.WriteLine($"20 copies with one flipped bit: {kept} of {intact} intact alerts recovered");
        Assert.Equal(intact, kept);
    }
}
