using System.Buffers.Binary;
using System.Globalization;

namespace EdgeSound.Dsp.Audio;

/// <summary>When a recording began, and from what that was read.</summary>
/// <param name="Start">Wall-clock time of the recording's first sample.</param>
/// <param name="Source">How it was found, for the log (bext origination, or modification time minus duration).</param>
public readonly record struct RecordingStart(DateTimeOffset Start, string Source)
{
    private const int MaxChunks = 4096;

    /// <summary>
    /// The start of a WAV recording: the BWF <c>bext</c> origination date and time when the file has a valid one
    /// (local time of <paramref name="zone"/>, as recorders write it), otherwise the file's modification time (when
    /// the recorder finished writing it) minus the audio's duration (data bytes / (block align x rate); a data size
    /// of 0 or past the end of the file counts the bytes that are there). Reads only chunk headers, <c>fmt </c> and
    /// <c>bext</c>, never the audio. A file that is not RIFF/WAVE or has no usable format gets its modification time.
    /// </summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RecordingStart Of(string path, TimeZoneInfo zone)
    {
        var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, FileOptions.SequentialScan);
        Span<byte> header = stackalloc byte[12];
        if (file.ReadAtLeast(header, 12, throwOnEndOfStream: false) < 12 || !header[..4].SequenceEqual("RIFF"u8) || !header[8..].SequenceEqual("WAVE"u8))
        {
            return new(modified, "modification time (not a RIFF/WAVE file)");
        }

        long bytesPerSecond = 0;
        long dataBytes = -1;
        Span<byte> chunk = stackalloc byte[8];
        Span<byte> fmt = stackalloc byte[16];
        for (var i = 0; i < MaxChunks && file.ReadAtLeast(chunk, 8, throwOnEndOfStream: false) == 8; i++)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            var body = file.Position;
            var available = file.Length - body;
            if (chunk[..4].SequenceEqual("bext"u8) && size >= BroadcastExtension.FixedSize && available >= BroadcastExtension.FixedSize)
            {
                var bext = new byte[BroadcastExtension.FixedSize];
                file.ReadExactly(bext);
                if (BroadcastExtension.Parse(bext).Origination is { } origination)
                {
                    return new(new DateTimeOffset(origination, zone.GetUtcOffset(origination)),
                        "bext origination " + origination.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                }
            }
            else if (chunk[..4].SequenceEqual("fmt "u8) && size >= 16 && available >= 16)
            {
                file.ReadExactly(fmt);
                bytesPerSecond = (long)BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]) * BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
            }
            else if (chunk[..4].SequenceEqual("data"u8))
            {
                if (size == 0 || size > available)
                {
                    dataBytes = available; // an unfinished header: the audio runs to the end of the file
                    break;
                }

                dataBytes = size;
            }

            file.Position = body + size + (size & 1);
        }

        if (dataBytes < 0 || bytesPerSecond <= 0)
        {
            return new(modified, "modification time (no usable fmt or data chunk)");
        }

        var duration = dataBytes / (double)bytesPerSecond;
        return new(modified.AddSeconds(-duration), string.Create(CultureInfo.InvariantCulture, $"modification time minus the {duration:0.###} s of audio"));
    }
}
