using System.Buffers.Binary;
using System.Globalization;

namespace EdgeSound.Dsp.Audio;

/// <summary>When a recording began, and from what that was read.</summary>
/// <param name="Start">Wall-clock time of the recording's first sample.</param>
/// <param name="Source">How it was found, for the log (bext origination, or modification time minus duration).</param>
/// <param name="Warning">Why a <c>bext</c> origination in the file was not used (not a date, or implausible); null when none was ignored.</param>
public readonly record struct RecordingStart(DateTimeOffset Start, string Source, string? Warning = null)
{
    private const int MaxChunks = 4096;

    /// <summary>How far a modification time may lie after the machine's clock before it is warned about (clocks of
    /// machines sharing files disagree by seconds, time zones mishandled by hours).</summary>
    private static readonly TimeSpan AheadAllowed = TimeSpan.FromDays(1);

    /// <summary>Earliest origination taken as true: a recorder's clock never set reads 0001-01-01 or 1980-01-01 at best.</summary>
    private static readonly DateTime Earliest = new(1990, 1, 1);

    /// <summary>
    /// The start of a WAV (RIFF or RF64) recording: the BWF <c>bext</c> origination date and time when the file has a
    /// plausible one (local time of <paramref name="zone"/>, as recorders write it; from 1990 up to one day after the
    /// file was last written), otherwise the file's modification time (when the recorder finished writing it) minus
    /// the duration of the audio that is read: the frames <see cref="WavHeader"/> settles on, which count what is
    /// really there when the data size lies. A file whose header cannot be read gets its modification time. A
    /// modification time outside the years 1-9999 (file systems such as tmpfs or xfs can store one) is taken as
    /// 1990-01-01, with a warning, and a start that would fall before year 1 is year 1. A modification time more than a
    /// day after <paramref name="clock"/>'s time (a file from a device whose clock was wrong) is used and warned about.
    /// Reads only chunk headers, <c>fmt </c> and <c>bext</c>, never the audio.
    /// </summary>
    /// <param name="clock">The machine's clock; default the system's.</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RecordingStart Of(string path, TimeZoneInfo zone, TimeProvider? clock = null)
    {
        var (modified, modifiedWarning) = ModificationTime(path, (clock ?? TimeProvider.System).GetUtcNow());
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.SequentialScan);
        var (origination, bextWarning) = Origination(file, zone, modified);
        string? warning = bextWarning is null ? modifiedWarning : modifiedWarning is null ? bextWarning : $"{bextWarning}; {modifiedWarning}";
        if (origination is { } start)
        {
            return start;
        }

        file.Position = 0;
        WavHeader header;
        try
        {
            header = WavHeader.Read(file, path);
        }
        catch (WavFormatException)
        {
            return new(modified, "modification time (no readable WAV header)", warning);
        }

        if (header.FrameCount is not { } frames)
        {
            return new(modified, "modification time (audio of unknown length)", warning);
        }

        var duration = frames / (double)header.Format.SampleRate;
        var before = modified - DateTimeOffset.MinValue > TimeSpan.FromSeconds(duration) ? modified.AddSeconds(-duration) : DateTimeOffset.MinValue;
        return new(before, string.Create(CultureInfo.InvariantCulture, $"modification time minus the {duration:0.###} s of audio"), warning);
    }

    /// <summary>The file's modification time (UTC), or 1990-01-01 with a warning when it is outside the years 1-9999;
    /// a warning too when it lies more than <see cref="AheadAllowed"/> after <paramref name="now"/>.</summary>
    private static (DateTimeOffset Time, string? Warning) ModificationTime(string path, DateTimeOffset now)
    {
        try
        {
            var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
            if (modified - now <= AheadAllowed)
            {
                return (modified, null);
            }

            var ahead = string.Create(CultureInfo.InvariantCulture,
                $"the file's modification time {modified:yyyy-MM-ddTHH:mm:ssZ} is {(modified - now).TotalDays:0} days after this machine's clock ({now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ})");
            return (modified, ahead + ": event times follow the file (a file from a device whose clock was wrong?)");
        }
        catch (ArgumentOutOfRangeException)
        {
            return (new DateTimeOffset(Earliest, TimeSpan.Zero), "the file's modification time is outside the years 1-9999: the recording is taken to start on 1990-01-01");
        }
    }

    /// <summary>The start from the file's <c>bext</c> chunk, or null with why a date that is there was not used.</summary>
    private static (RecordingStart? Start, string? Warning) Origination(FileStream file, TimeZoneInfo zone, DateTimeOffset modified)
    {
        Span<byte> header = stackalloc byte[12];
        if (file.ReadAtLeast(header, 12, throwOnEndOfStream: false) < 12 || !(header[..4].SequenceEqual("RIFF"u8) || header[..4].SequenceEqual("RF64"u8))
            || !header[8..].SequenceEqual("WAVE"u8))
        {
            return (null, null);
        }

        Span<byte> chunk = stackalloc byte[8];
        for (var i = 0; i < MaxChunks && file.ReadAtLeast(chunk, 8, throwOnEndOfStream: false) == 8; i++)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            var body = file.Position;
            if (chunk[..4].SequenceEqual("data"u8) && (size == 0 || body + size > file.Length))
            {
                return (null, null); // an unfinished data size: nothing after it can be found
            }

            if (chunk[..4].SequenceEqual("bext"u8) && size >= BroadcastExtension.FixedSize && file.Length - body >= BroadcastExtension.FixedSize)
            {
                var bext = new byte[BroadcastExtension.FixedSize];
                file.ReadExactly(bext);
                var parsed = BroadcastExtension.Parse(bext);
                if (parsed.Origination is not { } local)
                {
                    return (null, parsed.OriginationText.Length == 0 ? null : $"bext origination '{parsed.OriginationText}' is not a date and time: event times use the modification time");
                }

                var text = local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                // Compared as local times (a zone is at most 14 h off) before any offset is applied: year 1 minus an
                // offset is not a DateTimeOffset.
                if (local < Earliest || local > modified.UtcDateTime.AddDays(1))
                {
                    return (null, $"bext origination {text} is before 1990 or after the file was written (a recorder clock never set?): event times use the modification time");
                }

                return (new RecordingStart(new DateTimeOffset(local, zone.GetUtcOffset(local)), "bext origination " + text), null);
            }

            file.Position = body + size + (size & 1);
        }

        return (null, null);
    }
}
