using System.Globalization;
using System.Text;

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

        File.WriteAllText(path, sb.ToString());
    }

    public static List<SoundscapeEvent> Read(string path)
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
            if (f.Length != 5
                || !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var onset)
                || !double.TryParse(f[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var offset)
                || !double.TryParse(f[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var snr))
            {
                throw new InvalidDataException($"{path}: line {i + 1}: expected {Header}, got '{lines[i]}'");
            }

            events.Add(new SoundscapeEvent(f[0], f[4], onset, offset, snr));
        }

        return events;
    }
}
