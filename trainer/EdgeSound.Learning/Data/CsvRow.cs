using System.Text;

namespace EdgeSound.Learning.Data;

/// <summary>Splits one CSV row (RFC 4180 quoting: fields may be double-quoted, "" inside is one quote).</summary>
public static class CsvRow
{
    public static string[] Split(string line) => Split(line, out _);

    /// <summary>Splits <paramref name="line"/>; <paramref name="unclosed"/> is true when a double quote was opened and
    /// never closed (the last field then runs to the end of the line).</summary>
    public static string[] Split(string line, out bool unclosed)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted && ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                current.Append('"');
                i++;
            }
            else if (ch == '"')
            {
                quoted = !quoted;
            }
            else if (ch == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }

        fields.Add(current.ToString());
        unclosed = quoted;
        return [.. fields];
    }
}
