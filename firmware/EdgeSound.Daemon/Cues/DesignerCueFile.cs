using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSound.Daemon.Events;
using EdgeSound.Dsp.Files;

namespace EdgeSound.Daemon.Cues;

/// <summary>
/// The cues saved from the dashboard's cue designer, in a file the daemon owns (<see cref="FileName"/> in
/// <c>state_dir</c>; the user's configuration file is never rewritten): <c>{"classes": {LABEL: {"pattern": TEXT,
/// "saved": ISO-8601}}}</c>. Each save rewrites the whole file through a temporary file, so a crash leaves the old or
/// the new version, never half of one. Not thread-safe: <see cref="CueDesigner"/> serialises saves.
/// </summary>
public sealed class DesignerCueFile
{
    /// <summary>The file's name in the state directory.</summary>
    public const string FileName = "cues-designer.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly SortedDictionary<string, (string Pattern, string Saved)> _classes;

    private DesignerCueFile(string path, SortedDictionary<string, (string Pattern, string Saved)> classes)
    {
        Path = path;
        _classes = classes;
    }

    public string Path { get; }

    /// <summary>Label -> saved pattern text, in label order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Patterns => [.. _classes.Select(c => KeyValuePair.Create(c.Key, c.Value.Pattern))];

    /// <summary>Reads <paramref name="path"/>; a missing file is an empty one.</summary>
    /// <exception cref="IOException">The file cannot be read, or is not in the format above (the message names the file).</exception>
    public static DesignerCueFile Open(string path)
    {
        var classes = new SortedDictionary<string, (string, string)>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return new DesignerCueFile(path, classes);
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))?["classes"]?.AsObject()
                ?? throw new IOException($"{path}: expected {{\"classes\": {{LABEL: {{\"pattern\": TEXT}}}}}}");
            foreach (var (label, entry) in root)
            {
                var pattern = entry?["pattern"]?.GetValue<string>() ?? throw new IOException($"{path}: classes:{label} has no pattern");
                classes[label] = (pattern, entry["saved"]?.GetValue<string>() ?? "");
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new IOException($"{path}: not a cue designer file ({e.Message})", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new IOException($"{path}: {e.Message}", e);
        }

        return new DesignerCueFile(path, classes);
    }

    /// <summary>Records <paramref name="pattern"/> (already validated) as <paramref name="label"/>'s cue and rewrites the file.</summary>
    /// <exception cref="IOException">The file cannot be written; the saved set is then unchanged.</exception>
    public void Save(string label, string pattern, DateTimeOffset time)
    {
        var before = _classes.TryGetValue(label, out var old) ? old : ((string, string)?)null;
        _classes[label] = (pattern, EventJson.FormatTime(time));
        try
        {
            Write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (before is { } b)
            {
                _classes[label] = b;
            }
            else
            {
                _classes.Remove(label);
            }

            throw e as IOException ?? new IOException($"{Path}: {e.Message}", e);
        }
    }

    private void Write()
    {
        var classes = new JsonObject();
        foreach (var (label, (pattern, saved)) in _classes)
        {
            classes[label] = new JsonObject { ["pattern"] = pattern, ["saved"] = saved };
        }

        var text = new JsonObject { ["classes"] = classes }.ToJsonString(Indented) + "\n";
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
        }

        AtomicFile.WriteAllText(Path, text);
    }
}
