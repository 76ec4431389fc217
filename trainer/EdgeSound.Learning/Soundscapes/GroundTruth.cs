using System.Globalization;
using System.Text;
using EdgeSound.Dsp.Files;

namespace EdgeSound.Learning.Soundscapes;

/// <summary>Ground-truth CSV: <c>label,onset_s,offset_s,snr_db,source_file</c>, one event per row, in time order.</summary>
public static class GroundTruth
{
    public const string Header = "label,onset_s,offset_s,snr_db,source_file";

    public static void Write(string path, IReadOnlyList<SoundscapeEvent> events)
    {
        var sb = new StringBuilder();
        sb.Append(Header).Append('\n');
        foreach (var e in events)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{e.Label},{e.Onset:0.000},{e.Offset:0.000},{e.SnrDb:0.0},{e.SourceFile}\n");
        }

        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>Seconds an offset may lie past the soundscape's end: the CSV rounds times to milliseconds.</summary>
    public const double EndToleranceSeconds = 0.001;

    /// <summary>
    /// Reads a ground-truth CSV. Each row needs a non-empty label, a finite <c>onset_s</c> &gt;= 0, an
    /// <c>offset_s</c> after it and no later than <paramref name="durationSeconds"/> (plus
    /// <see cref="EndToleranceSeconds"/>), and a finite <c>snr_db</c>. Times are seconds from the soundscape's start.
    /// </summary>
    /// <exception cref="InvalidDataException">The header or a row is wrong; the message names the file, the line and the field with its value.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static List<SoundscapeEvent> Read(string path, double durationSeconds = double.MaxValue)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim() != Header)
        {
            throw new InvalidDataException($"{path}: expected the header '{Header}'");
        }

        var events = new List<SoundscapeEvent>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var f = lines[i].Split(',');
            if (f.Length != 5)
            {
                throw new InvalidDataException($"{path}: line {i + 1}: expected {Header}, got '{lines[i]}'");
            }

            events.Add(ReadRow(f, $"{path}: line {i + 1}", durationSeconds));
        }

        return events;
    }

    private static SoundscapeEvent ReadRow(string[] f, string where, double durationSeconds)
    {
        if (f[0].Trim().Length == 0)
        {
            throw new InvalidDataException($"{where}: label is empty");
        }

        var onset = Number(f[1], "onset_s", where, 0, double.MaxValue, "not a finite number of seconds >= 0");
        var end = durationSeconds < double.MaxValue ? $" up to the soundscape's end ({durationSeconds.ToString(CultureInfo.InvariantCulture)} s)" : "";
        var offset = Number(f[2], "offset_s", where, double.MinValue, durationSeconds + EndToleranceSeconds, $"not a finite number of seconds{end}");
        if (offset <= onset)
        {
            throw new InvalidDataException($"{where}: offset_s is '{f[2]}', not after onset_s '{f[1]}'");
        }

        var snr = Number(f[3], "snr_db", where, double.MinValue, double.MaxValue, "not a finite number of dB");
        return new SoundscapeEvent(f[0], f[4], onset, offset, snr);
    }

    private static double Number(string text, string field, string where, double min, double max, string expected)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v < min || v > max)
        {
            throw new InvalidDataException($"{where}: {field} is '{text}', {expected}");
        }

        return v;
    }
}
