using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeSound.Daemon.Events;

namespace EdgeSound.Daemon.Cues;

/// <summary>
/// One listening comparison from the cue designer: two candidate patterns <paramref name="A"/> and
/// <paramref name="B"/> for <paramref name="Label"/>, the one the listener chose (<paramref name="Choice"/>: <c>a</c> or
/// <c>b</c>), when, and the SHA-256 of the model the daemon ran (lower-case hex; empty when unknown).
/// </summary>
public sealed record CueComparison(DateTimeOffset Time, string Label, string A, string B, string Choice, string ModelSha256)
{
    /// <summary>The chosen pattern's text.</summary>
    public string Chosen => Choice == "a" ? A : B;
}

/// <summary>
/// The listening comparisons, append-only JSON lines (<see cref="FileName"/> in <c>state_dir</c>), one
/// <c>{"time", "label", "a", "b", "choice", "model_sha256"}</c> object per line: the record of which generated
/// patterns people preferred. Each append is one write of a whole line, flushed to disk. Thread-safe.
/// </summary>
public sealed class CueComparisonLog(string path)
{
    /// <summary>The file's name in the state directory.</summary>
    public const string FileName = "cue-comparisons.jsonl";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Lock _gate = new();

    public string Path { get; } = path;

    /// <summary>Appends one comparison.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Append(CueComparison c)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("time", EventJson.FormatTime(c.Time));
            w.WriteString("label", c.Label);
            w.WriteString("a", c.A);
            w.WriteString("b", c.B);
            w.WriteString("choice", c.Choice);
            w.WriteString("model_sha256", c.ModelSha256);
            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        lock (_gate)
        {
            try
            {
                if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } dir)
                {
                    Directory.CreateDirectory(dir);
                }

                using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
                stream.Write(buffer.WrittenSpan);
                stream.Flush(flushToDisk: true);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new IOException($"{Path}: {e.Message}", e);
            }
        }
    }

    /// <summary>The comparisons of <paramref name="label"/>, oldest first; <paramref name="unreadable"/> counts lines that are not comparisons.</summary>
    /// <exception cref="IOException">The file exists but cannot be read.</exception>
    public IReadOnlyList<CueComparison> Read(string label, out int unreadable)
    {
        unreadable = 0;
        string[] lines;
        lock (_gate)
        {
            if (!File.Exists(Path))
            {
                return [];
            }

            lines = File.ReadAllLines(Path, Encoding.UTF8);
        }

        var list = new List<CueComparison>();
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            if (Parse(line) is { } c)
            {
                if (c.Label == label)
                {
                    list.Add(c);
                }
            }
            else
            {
                unreadable++;
            }
        }

        return list;
    }

    private static CueComparison? Parse(string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            if (r.ValueKind != JsonValueKind.Object
                || Text(r, "time") is not { } time || !DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
                || Text(r, "label") is not { } label || Text(r, "a") is not { } a || Text(r, "b") is not { } b
                || Text(r, "choice") is not ("a" or "b") || Text(r, "model_sha256") is not { } sha)
            {
                return null;
            }

            return new CueComparison(t, label, a, b, Text(r, "choice")!, sha);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
