using System.Text;
using EdgeSound.Dsp.Audio;
using Xunit;

namespace EdgeSound.Dsp.Tests.Audio;

public sealed class RecordingStartTests : IDisposable
{
    private static readonly DateTime Modified = new(2026, 11, 30, 10, 0, 20, DateTimeKind.Utc);
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.CreateCustomTimeZone("test+01", TimeSpan.FromHours(1), "test+01", "test+01");
    private readonly string _dir = Directory.CreateTempSubdirectory("edgesound-start-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_file_of_known_length_began_its_duration_before_it_was_last_written()
    {
        var path = Write("20s.wav", new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16)).Chunk("data", new byte[20 * 16000 * 2]));

        var start = RecordingStart.Of(path, TimeZoneInfo.Utc);

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), start.Start);
        Assert.Equal("modification time minus the 20 s of audio", start.Source);
    }

    [Fact]
    public void The_duration_follows_rate_channels_and_depth()
    {
        var path = Write("48k-stereo-24.wav", new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 2, 48000, 24)).Chunk("data", new byte[(int)(2.5 * 48000) * 6]));

        var start = RecordingStart.Of(path, TimeZoneInfo.Utc);

        Assert.Equal(new DateTimeOffset(Modified).AddSeconds(-2.5), start.Start);
    }

    [Fact]
    public void An_unfinished_header_counts_the_audio_that_is_there()
    {
        var path = Write("unfinished.wav", new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16)).Chunk("data", new byte[4 * 16000 * 2], declaredSize: 0));

        var start = RecordingStart.Of(path, TimeZoneInfo.Utc);

        Assert.Equal(new DateTimeOffset(Modified).AddSeconds(-4), start.Start);
    }

    [Theory]
    [InlineData("2026:07:04", "06:30:15")]
    [InlineData("2026-07-04", "06-30-15")]
    [InlineData("2026_07_04", "06.30.15")]
    [InlineData("2026 07 04", "06 30 15")]
    public void A_bext_origination_is_the_start_in_the_recorders_local_time(string date, string time)
    {
        var path = Write("bwf.wav", new WavFixture()
            .Chunk("fmt ", WavFixture.Fmt(1, 1, 48000, 24))
            .Chunk("bext", Bext(date, time, timeReference: 1_122_720_000UL, codingHistory: "A=PCM,F=48000,W=24,M=mono\r\n"))
            .Chunk("data", new byte[48000 * 3]));

        var start = RecordingStart.Of(path, Paris);

        Assert.Equal(new DateTimeOffset(2026, 7, 4, 6, 30, 15, TimeSpan.FromHours(1)), start.Start);
        Assert.Equal("bext origination 2026-07-04 06:30:15", start.Source);
    }

    [Fact]
    public void The_bext_fields_are_read_from_the_tech_3285_layout()
    {
        var bext = BroadcastExtension.Parse(Bext("2026:07:04", "06:30:15", timeReference: 0x1_0000_0002UL, codingHistory: "A=PCM\r\n"));

        Assert.Equal("dawn chorus", bext.Description);
        Assert.Equal("EdgeSound test", bext.Originator);
        Assert.Equal("REF-0001", bext.OriginatorReference);
        Assert.Equal(new DateTime(2026, 7, 4, 6, 30, 15), bext.Origination);
        Assert.Equal(0x1_0000_0002UL, bext.TimeReference);
        Assert.Equal(2, bext.Version);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("2026:13:40", "06:30:15")]
    [InlineData("2026:07:04", "25:00:00")]
    public void A_blank_or_invalid_origination_falls_back_to_the_modification_time(string date, string time)
    {
        var path = Write("blank.wav", new WavFixture()
            .Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16))
            .Chunk("bext", Bext(date, time, 0, ""))
            .Chunk("data", new byte[16000 * 2]));

        var start = RecordingStart.Of(path, Paris);

        Assert.Equal(new DateTimeOffset(Modified).AddSeconds(-1), start.Start);
        if (date.Length == 0)
        {
            Assert.Null(start.Warning);
        }
        else
        {
            Assert.Equal($"bext origination '{date} {time}' is not a date and time: event times use the modification time", start.Warning);
        }
    }

    [Theory]
    [InlineData("0001:01:01", "00:00:00")]
    [InlineData("1980:01:01", "00:00:00")]
    [InlineData("2999:12:31", "23:59:59")]
    public void An_implausible_origination_is_named_and_the_modification_time_used(string date, string time)
    {
        var path = Write("unset-clock.wav", new WavFixture()
            .Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16))
            .Chunk("bext", Bext(date, time, 0, ""))
            .Chunk("data", new byte[16000 * 2]));

        var start = RecordingStart.Of(path, Paris);

        Assert.Equal(new DateTimeOffset(Modified).AddSeconds(-1), start.Start);
        Assert.Contains("is before 1990 or after the file was written", start.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_size_that_lies_short_counts_the_audio_the_reader_reads()
    {
        // 100 bytes declared, 2 s follow and no chunk after them: the reader reads all of it, so the start is 2 s back.
        var path = Write("stale-size.wav", new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16)).Chunk("data", new byte[2 * 16000 * 2], declaredSize: 100));

        var start = RecordingStart.Of(path, TimeZoneInfo.Utc);

        Assert.Equal(new DateTimeOffset(Modified).AddSeconds(-2), start.Start);
    }

    [Fact]
    public void An_rf64_file_takes_its_duration_from_ds64_and_its_start_from_bext()
    {
        var ds64 = new byte[28];
        BitConverter.GetBytes(3L * 16000 * 2).CopyTo(ds64, 8);
        var plain = new WavFixture().Chunk("ds64", ds64).Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16)).Chunk("data", new byte[3 * 16000 * 2], declaredSize: uint.MaxValue);
        var path = Write("long.wav", plain);
        Rf64(path);
        Assert.Equal(new DateTimeOffset(Modified).AddSeconds(-3), RecordingStart.Of(path, TimeZoneInfo.Utc).Start);

        var withBext = Write("long-bwf.wav", new WavFixture().Chunk("ds64", ds64).Chunk("bext", Bext("2026:07:04", "06:30:15", 0, "")).Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16))
            .Chunk("data", new byte[3 * 16000 * 2], declaredSize: uint.MaxValue));
        Rf64(withBext);
        Assert.Equal("bext origination 2026-07-04 06:30:15", RecordingStart.Of(withBext, Paris).Source);
    }

    private static void Rf64(string path)
    {
        var bytes = File.ReadAllBytes(path);
        "RF64"u8.CopyTo(bytes);
        BitConverter.GetBytes(uint.MaxValue).CopyTo(bytes, 4);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, Modified);
    }

    [Fact]
    public void A_modification_time_ahead_of_the_clock_is_named_in_a_warning()
    {
        var path = Write("ahead.wav", new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16)).Chunk("data", new byte[20 * 16000 * 2]));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(Modified).AddDays(-400));

        var start = RecordingStart.Of(path, TimeZoneInfo.Utc, clock);

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), start.Start);
        Assert.Equal("the file's modification time 2026-11-30T10:00:20Z is 400 days after this machine's clock (2025-10-26T10:00:20Z): "
            + "event times follow the file (a file from a device whose clock was wrong?)", start.Warning);
        Assert.Null(RecordingStart.Of(path, TimeZoneInfo.Utc, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(Modified).AddHours(-23))).Warning);
    }

    /// <summary>tmpfs (here /dev/shm) stores modification times that .NET cannot represent or subtract from.</summary>
    [Fact]
    public void A_modification_time_at_or_before_year_1_gives_a_start_and_a_warning_not_an_exception()
    {
        string dir = Directory.CreateDirectory(Path.Combine("/dev/shm", $"edgesound-start-{Guid.NewGuid():N}")).FullName;
        try
        {
            var wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16)).Chunk("data", new byte[3 * 16000 * 2]).ToBytes();
            string year1 = Path.Combine(dir, "year1.wav");
            File.WriteAllBytes(year1, wav);
            File.SetLastWriteTimeUtc(year1, new DateTime(1, 1, 1, 0, 0, 1, DateTimeKind.Utc));
            Assert.Equal(DateTimeOffset.MinValue, RecordingStart.Of(year1, TimeZoneInfo.Utc).Start);

            string older = Path.Combine(dir, "older.wav");
            File.WriteAllBytes(older, wav);
            using (var touch = System.Diagnostics.Process.Start("touch", ["-d", "@-70000000000", older]))
            {
                touch.WaitForExit();
                Assert.Equal(0, touch.ExitCode);
            }

            var start = RecordingStart.Of(older, TimeZoneInfo.Utc);
            Assert.Equal(new DateTimeOffset(1989, 12, 31, 23, 59, 57, TimeSpan.Zero), start.Start);
            Assert.Equal("the file's modification time is outside the years 1-9999: the recording is taken to start on 1990-01-01", start.Warning);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_short_bext_chunk_is_refused_with_its_size()
    {
        var e = Assert.Throws<InvalidDataException>(() => BroadcastExtension.Parse(new byte[100]));

        Assert.Equal("bext chunk of 100 bytes, EBU Tech 3285 needs 602", e.Message);
    }

    private string Write(string name, WavFixture wav)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, wav.ToBytes());
        File.SetLastWriteTimeUtc(path, Modified);
        return path;
    }

    /// <summary>A version 2 <c>bext</c> body laid out by hand from EBU Tech 3285's table.</summary>
    private static byte[] Bext(string date, string time, ulong timeReference, string codingHistory)
    {
        var b = new byte[602 + codingHistory.Length];
        Encoding.ASCII.GetBytes("dawn chorus").CopyTo(b, 0);
        Encoding.ASCII.GetBytes("EdgeSound test").CopyTo(b, 256);
        Encoding.ASCII.GetBytes("REF-0001").CopyTo(b, 288);
        Encoding.ASCII.GetBytes(date).CopyTo(b, 320);
        Encoding.ASCII.GetBytes(time).CopyTo(b, 330);
        BitConverter.GetBytes((uint)timeReference).CopyTo(b, 338);
        BitConverter.GetBytes((uint)(timeReference >> 32)).CopyTo(b, 342);
        BitConverter.GetBytes((ushort)2).CopyTo(b, 346);
        Encoding.ASCII.GetBytes(codingHistory).CopyTo(b, 602);
        return b;
    }
}
