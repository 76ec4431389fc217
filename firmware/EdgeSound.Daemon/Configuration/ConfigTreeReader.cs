using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace EdgeSound.Daemon.Configuration;

/// <summary>
/// Walks a YAML node tree against <see cref="ConfigSchema"/> and turns it into flat assignments
/// (<c>detection:classes:dog:threshold</c>). Every key at any depth gets the same checks: known key, right shape
/// (mapping, list or single value), value passing its rule; two keys of one mapping that differ only in letter case are
/// refused, since keys are matched without regard to case and the later would silently win. Each fault is one line:
/// <c>WHERE: KEY PROBLEM, got VALUE</c>. An empty value (<c>exclude:</c>, <c>~</c>) for a mapping or list means "none".
/// </summary>
public sealed class ConfigTreeReader(string source, bool withPositions)
{
    private const int MaxShown = 60;
    private readonly List<ConfigAssignment> _assignments = [];
    private readonly List<string> _errors = [];

    public IReadOnlyList<ConfigAssignment> Assignments => _assignments;

    public IReadOnlyList<string> Errors => _errors;

    /// <summary>Reads <paramref name="node"/> as the value of <paramref name="path"/> ("" for the top level).</summary>
    public void Read(YamlNode node, string path)
    {
        if (ConfigSchema.Find(path) is { } key)
        {
            if (key.Shape == KeyShape.Scalar)
            {
                ReadScalar(node, path, key);
            }
            else
            {
                ReadList(node, path, key);
            }
        }
        else if (ConfigSchema.IsSection(path))
        {
            ReadSection(node, path);
        }
        else
        {
            Unknown(node, path);
        }
    }

    /// <summary>Reads one entry of a list key given alone (<c>--set detection:exclude:0=rain</c>).</summary>
    public void ReadListEntry(YamlScalarNode node, string path, ConfigKey list)
    {
        var text = node.Value ?? "";
        if (list.Rule(text) is { } problem)
        {
            Fault(node, path, problem);
            return;
        }

        _assignments.Add(new ConfigAssignment(path, text));
    }

    /// <summary>Adds a fault that is not about one node's value (a malformed <c>--set</c>).</summary>
    public void AddError(string message) => _errors.Add($"{source}: {message}");

    private void ReadSection(YamlNode node, string path)
    {
        if (IsNull(node))
        {
            return;
        }

        if (node is not YamlMappingNode map)
        {
            var keys = ConfigSchema.ChildrenOf(path);
            var shown = string.Join(", ", keys.Take(6)) + (keys.Count > 6 ? ", ..." : "");
            Fault(node, path.Length == 0 ? "the top level" : path, $"must be a mapping of keys ({shown})");
            return;
        }

        var seen = new Dictionary<string, YamlScalarNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, value) in map.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } name } scalarKey)
            {
                _errors.Add($"{Where(keyNode)}: {(path.Length == 0 ? "the top level" : path)} has a key that is {Describe(keyNode)}; keys must be plain names");
                continue;
            }

            var childPath = path.Length == 0 ? name : path + ":" + name;
            if (!seen.TryAdd(name, scalarKey))
            {
                var first = seen[name];
                _errors.Add($"{Where(keyNode)}: {childPath} repeats the key '{first.Value}'{(withPositions ? $" of line {first.Start.Line}" : "")} in another case; keys are matched without regard to case, so write it once");
                continue;
            }

            if (ConfigSchema.Find(childPath) is null && !ConfigSchema.IsSection(childPath))
            {
                Unknown(keyNode, childPath);
                continue;
            }

            Read(value, childPath);
        }
    }

    private void ReadList(YamlNode node, string path, ConfigKey key)
    {
        if (IsNull(node))
        {
            _assignments.Add(new ConfigAssignment(path, null));
            return;
        }

        if (node is not YamlSequenceNode list)
        {
            Fault(node, path, "must be a list, e.g. [a, b]");
            return;
        }

        _assignments.Add(new ConfigAssignment(path, null));
        for (var i = 0; i < list.Children.Count; i++)
        {
            var entryPath = path + ":" + i.ToString(CultureInfo.InvariantCulture);
            if (IsNull(list.Children[i]))
            {
                Fault(list.Children[i], entryPath, "is empty (null); write a value or remove the entry");
            }
            else if (list.Children[i] is YamlScalarNode entry)
            {
                ReadListEntry(entry, entryPath, key);
            }
            else
            {
                Fault(list.Children[i], entryPath, "must be a single value");
            }
        }
    }

    private void ReadScalar(YamlNode node, string path, ConfigKey key)
    {
        if (node is not YamlScalarNode scalar)
        {
            Fault(node, path, "must be a single value");
            return;
        }

        var text = scalar.Value ?? "";
        if (key.Rule(text) is { } problem)
        {
            Fault(node, path, problem);
            return;
        }

        _assignments.Add(new ConfigAssignment(path, text));
    }

    private void Unknown(YamlNode node, string path)
    {
        var cut = path.LastIndexOf(':');
        var parent = cut < 0 ? "" : path[..cut];
        var name = path[(cut + 1)..];
        var names = ConfigSchema.ChildrenOf(parent).Where(c => c != "<label>").ToList();
        var guess = NameSuggestion.Nearest(name, names);
        var hint = guess is null ? "" : $"; did you mean {(parent.Length == 0 ? guess : parent + ":" + guess)}?";
        _errors.Add($"{Where(node)}: unknown key {path}{hint}");
    }

    private void Fault(YamlNode node, string path, string problem) =>
        _errors.Add($"{Where(node)}: {path} {problem}, got {Describe(node)}");

    private string Where(YamlNode node) =>
        withPositions && node.Start.Line > 0 ? $"{source}:{node.Start.Line}:{node.Start.Column}" : source;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    /// <summary>A value as one short line: quoted text with control characters escaped, or the kind of collection.</summary>
    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => "'" + Shorten(s.Value ?? "") + "'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "an unsupported node",
    };

    private static string Shorten(string text)
    {
        var oneLine = string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
        return oneLine.Length <= MaxShown ? oneLine : oneLine[..MaxShown] + "...";
    }
}
