using System.Globalization;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace EdgeSound.Daemon.Configuration;

/// <summary>
/// Reads the configuration sources into checked layers (<see cref="ConfigTreeReader"/>: the same checks for the file,
/// each command-line option and each <c>--set key=value</c>), layers them (later wins; a list given whole replaces
/// the earlier list) and binds <see cref="DaemonOptions"/>. Every fault of every layer is reported together, one line each.
/// </summary>
public static class ConfigLoader
{
    /// <summary>
    /// Reads a YAML file, or a JSON file when its name ends in <c>.json</c> (<see cref="ReadJson"/>); a missing file or
    /// a syntax fault throws <see cref="ConfigException"/>.
    /// </summary>
    public static ConfigLayer ReadFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ConfigException($"{path}: is a directory, not a config file");
        }

        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: config file not found");
        }

        try
        {
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                return ReadJson(File.ReadAllBytes(path), path);
            }

            using var reader = new StreamReader(path);
            return ReadYaml(reader, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"{path}: cannot read the config file: {e.Message}", e);
        }
    }

    /// <summary>Reads YAML text; <paramref name="source"/> names it in errors, with line and column.</summary>
    public static ConfigLayer ReadYaml(TextReader reader, string source) => ReadTree(YamlText.Parse(reader, source), source);

    /// <summary>
    /// Reads strict JSON (UTF-8; no comments, no trailing commas) into the same tree and checks as YAML text;
    /// <paramref name="source"/> names it in errors, with line and column.
    /// </summary>
    public static ConfigLayer ReadJson(ReadOnlyMemory<byte> utf8, string source) =>
        ReadTree(YamlText.Load(new JsonEventParser(utf8, source), source, "JSON"), source);

    /// <summary>
    /// Reads <c>key=value</c> overrides (from <c>--set</c>). The value is text, except that a list or mapping may be
    /// given in YAML flow form (<c>detection:exclude=[rain, wind]</c>); one list entry is set as <c>detection:exclude:0=rain</c>.
    /// </summary>
    public static ConfigLayer ParseOverrides(IEnumerable<string> assignments)
    {
        var tree = new ConfigTreeReader("--set", withPositions: false);
        foreach (var a in assignments)
        {
            var eq = a.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                tree.AddError($"'{a}' is not key=value, for example detection:hop_s=0.25");
                continue;
            }

            var key = a[..eq].Trim();
            var value = a[(eq + 1)..].Trim();
            if (ListEntry(key) is { } list)
            {
                tree.ReadListEntry(new YamlScalarNode(value), key, list);
                continue;
            }

            try
            {
                tree.Read(value.StartsWith('[') || value.StartsWith('{') ? YamlText.Parse(new StringReader(value), $"--set {key}") ?? new YamlScalarNode("") : new YamlScalarNode(value), key);
            }
            catch (ConfigException)
            {
                tree.AddError($"{key} must be a YAML flow list or mapping such as [a, b] or {{a: 1}}, got '{value}'");
            }
        }

        return new ConfigLayer("--set", tree.Assignments, tree.Errors);
    }

    /// <summary>Reads plain key/value pairs (the daemon's own options: <c>--input</c> sets <c>audio:input</c>); no flow parsing.</summary>
    public static ConfigLayer FromKeys(string source, IEnumerable<KeyValuePair<string, string>> keys)
    {
        var tree = new ConfigTreeReader(source, withPositions: false);
        foreach (var (key, value) in keys)
        {
            tree.Read(new YamlScalarNode(value), key);
        }

        return new ConfigLayer(source, tree.Assignments, tree.Errors);
    }

    /// <summary>Layers the sources and binds the options (see <see cref="Merge"/>).</summary>
    public static DaemonOptions Bind(IEnumerable<ConfigLayer> layers) => Bind(Merge(layers));

    /// <summary>
    /// Layers the sources into flat keys (later wins; a list given whole drops the earlier entries; one entry
    /// <c>LIST:N</c> replaces entry N of the list as layered so far, or appends when N is its count, and any other N is
    /// a fault, so no entry lands where nobody can tell it from an appended one; checked while no other fault has come
    /// up, as a list entry refused for its value would shift the count); throws
    /// <see cref="ConfigException"/> with every fault of every layer when there is any.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Merge(IEnumerable<ConfigLayer> layers)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        foreach (var layer in layers)
        {
            errors.AddRange(layer.Errors);
            foreach (var (path, value) in layer.Assignments)
            {
                if (value is null)
                {
                    foreach (var old in merged.Keys.Where(k => k.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase)).ToList())
                    {
                        merged.Remove(old);
                    }
                }
                else if (errors.Count == 0 && ListIndexFault(merged, path) is { } fault)
                {
                    errors.Add($"{layer.Source}: {fault}");
                }
                else
                {
                    merged[path] = value;
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigException(errors);
        }

        return merged;
    }

    /// <summary>Binds merged keys (each already checked against <see cref="ConfigSchema"/>) onto default options.</summary>
    public static DaemonOptions Bind(IReadOnlyDictionary<string, string?> merged)
    {
        var options = new DaemonOptions();
        try
        {
            new ConfigurationBuilder().AddInMemoryCollection(merged).Build().Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // Every value passed its rule, which reads numbers as the binder does; this only stays as the last guard.
            throw new ConfigException($"a value cannot be bound: {e.Message}", e);
        }

        return options;
    }

    private static ConfigLayer ReadTree(YamlNode? root, string source)
    {
        var tree = new ConfigTreeReader(source, withPositions: true);
        if (root is not null)
        {
            tree.Read(root, "");
        }

        return new ConfigLayer(source, tree.Assignments, tree.Errors);
    }

    /// <summary>
    /// Why <paramref name="path"/>, when it is one entry <c>LIST:N</c> of a list key, cannot be set over
    /// <paramref name="merged"/>: N must be written plainly and lie in 0..count (an entry the list has, or the next one).
    /// Null when it can, or when the path is not a list entry.
    /// </summary>
    private static string? ListIndexFault(IReadOnlyDictionary<string, string?> merged, string path)
    {
        if (ListEntry(path) is null)
        {
            return null;
        }

        var cut = path.LastIndexOf(':');
        var index = path[(cut + 1)..];
        var count = merged.Keys.Count(k => k.StartsWith(path[..(cut + 1)], StringComparison.OrdinalIgnoreCase));
        var n = int.Parse(index, NumberStyles.None, CultureInfo.InvariantCulture);
        return n <= count && index == n.ToString(CultureInfo.InvariantCulture)
            ? null
            : $"{path}: list index {index} must be 0..{count} (the list has {count} {(count == 1 ? "entry" : "entries")}; {count} appends one)";
    }

    /// <summary>The list key when <paramref name="key"/> is <c>LIST:N</c> (one entry of a list key), else null.</summary>
    private static ConfigKey? ListEntry(string key)
    {
        var cut = key.LastIndexOf(':');
        return cut > 0
            && int.TryParse(key.AsSpan(cut + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _)
            && ConfigSchema.Find(key[..cut]) is { Shape: KeyShape.List } list
            ? list
            : null;
    }
}
