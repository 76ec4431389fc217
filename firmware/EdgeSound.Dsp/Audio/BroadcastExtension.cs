using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace EdgeSound.Dsp.Audio;

/// <summary>
/// The Broadcast Wave Format's <c>bext</c> chunk (EBU Tech 3285, "Specification of the Broadcast Wave Format",
/// versions 0-2). Fixed layout, little-endian, strings ASCII and NUL-padded:
/// Description char[256] @0, Originator char[32] @256, OriginatorReference char[32] @288, OriginationDate char[10]
/// @320 (<c>yyyy:mm:dd</c>), OriginationTime char[8] @330 (<c>hh:mm:ss</c>), TimeReferenceLow/High uint32 @338/@342
/// (first sample, counted in samples since midnight), Version uint16 @346, UMID byte[64] @348, v2 loudness fields and
/// reserved bytes up to @602, then CodingHistory (the rest of the chunk). The date and time separators may be any of
/// '-', '_', ':', ' ' or '.' (Tech 3285 §2.3).
/// </summary>
public sealed record BroadcastExtension(
    string Description, string Originator, string OriginatorReference, DateTime? Origination, ulong TimeReference, ushort Version)
{
    /// <summary>The OriginationDate and OriginationTime fields as written (trimmed; empty when both are blank).</summary>
    public string OriginationText { get; init; } = "";

    /// <summary>Bytes before CodingHistory; a shorter chunk is not a <c>bext</c> chunk.</summary>
    public const int FixedSize = 602;

    /// <summary>Parses a chunk body; <see cref="Origination"/> is null when the date or time is blank or not a valid date.</summary>
    /// <exception cref="InvalidDataException">The body is shorter than <see cref="FixedSize"/> bytes.</exception>
    public static BroadcastExtension Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length < FixedSize)
        {
            throw new InvalidDataException($"bext chunk of {body.Length} bytes, EBU Tech 3285 needs {FixedSize}");
        }

        string date = Text(body.Slice(320, 10)), time = Text(body.Slice(330, 8));
        return new BroadcastExtension(
            Text(body.Slice(0, 256)),
            Text(body.Slice(256, 32)),
            Text(body.Slice(288, 32)),
            ParseOrigination(date, time),
            BinaryPrimitives.ReadUInt32LittleEndian(body[338..]) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(body[342..]) << 32),
            BinaryPrimitives.ReadUInt16LittleEndian(body[346..]))
        {
            OriginationText = $"{date} {time}".Trim(),
        };
    }

    private static string Text(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? field : field[..end]).Trim();
    }

    private static DateTime? ParseOrigination(string date, string time)
    {
        if (date.Length != 10 || time.Length != 8)
        {
            return null;
        }

        var text = string.Concat(Normalize(date, '-'), "T", Normalize(time, ':'));
        return DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;
    }

    private static string Normalize(string field, char separator)
    {
        var chars = field.ToCharArray();
        foreach (var at in (ReadOnlySpan<int>)(separator == '-' ? [4, 7] : [2, 5]))
        {
            if ("-_: .".Contains(chars[at], StringComparison.Ordinal))
            {
                chars[at] = separator;
            }
        }

        return new string(chars);
    }
}
