using System.Globalization;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Tests.Deploy;
using Xunit;
using Xunit.Abstractions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using EdgeSound.Tests.Shared;

namespace EdgeSound.Daemon.Tests.Configuration;

/// <summary>
/// Walks every key of deploy/edgesound.yaml and puts a wrong shape, a wrong type, an out-of-range number or a
/// misspelt key in its place, in the file and through <c>--set</c>. Each mutation must be refused with exit code 2 and
/// exactly one line naming that key (and, in the file, its line), or be one of the documented acceptances: free-text
/// keys (a device name, a path, a topic level) take any word.
/// </summary>
public sealed class ConfigMutationTests(ITestOutputHelper output) : IDisposable
{
    private const string Prefix = "edgesound: configuration error: ";

    /// <summary>Keys whose value is free text: any word is a valid value here (paths are tried for writing, labels against the model later).</summary>
    private static readonly HashSet<string> AcceptsAnyWord =
    [
        "audio:input", "model", "events:file", "mqtt:host", "mqtt:ca_file", "mqtt:cert_file", "mqtt:key_file", "mqtt:username", "mqtt:password_file", "mqtt:password_env",
        "mqtt:client_id", "mqtt:base_topic", "mqtt:device_id", "mqtt:device_name", "mqtt:discovery_prefix", "mqtt:outbox:path",
        "gpio:chip", "cues:device", "cues:classes:*:file", "logging:file", "web:token", "state_dir", "clips:dir",
    ];

    /// <summary>Keys where an empty value means "none" or "the default".</summary>
    private static readonly HashSet<string> AcceptsEmpty =
    [
        "model", "events:file", "mqtt:host", "mqtt:ca_file", "mqtt:cert_file", "mqtt:key_file", "mqtt:username", "mqtt:password_file", "mqtt:password_env",
        "mqtt:client_id", "mqtt:device_id", "mqtt:device_name", "mqtt:outbox:path", "gpio:chip", "logging:file", "state_dir", "clips:dir",
        "detection:classes:*:quiet_hours", "cues:quiet_hours", "levels:calibration_db", "metrics:listen", "web:listen", "web:token",
    ];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-mut-" + Guid.NewGuid().ToString("N"));
    private readonly string _example = File.ReadAllText(RepoPaths.File("deploy/edgesound.yaml"));
    private readonly Dictionary<string, (int Refused, int Accepted)> _tally = [];

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Every_key_of_the_example_config_refuses_wrong_shapes_types_and_ranges_naming_the_key()
    {
        Assert.Equal(0, ConfigRun.LoadText(_dir, _example).Code);
        var targets = new List<(string Path, YamlNode Node)>();
        Walk(Load().RootNode, "", targets);
        foreach (var (path, node) in targets)
        {
            var key = ConfigSchema.Find(path);
            if (key is { Shape: KeyShape.Scalar })
            {
                var text = ((YamlScalarNode)node).Value ?? "";
                var pattern = key.Path;
                InFile("scalar given a list", path, new YamlSequenceNode(new YamlScalarNode(text)), refused: true);
                InFile("scalar given a mapping", path, new YamlMappingNode(new YamlScalarNode("value"), new YamlScalarNode(text)), refused: true);
                InFile("wrong type (a word)", path, new YamlScalarNode("banana"), refused: !AcceptsAnyWord.Contains(pattern));
                InFile("empty value", path, new YamlScalarNode("") { Style = ScalarStyle.DoubleQuoted }, refused: !AcceptsEmpty.Contains(pattern));
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    InFile("number out of range (+1e9)", path, new YamlScalarNode("1e9"), refused: true);
                    InFile("number out of range (-1e9)", path, new YamlScalarNode("-1e9"), refused: true);
                }

                InSet("--set scalar given a list", $"{path}=[1, 2]", path, refused: true);
                InSet("--set wrong type (a word)", $"{path}=banana", path, refused: !AcceptsAnyWord.Contains(pattern));
            }
            else if (key is { Shape: KeyShape.List })
            {
                InFile("list given a scalar", path, new YamlScalarNode("dog"), refused: true);
                InFile("list given a mapping", path, new YamlMappingNode(new YamlScalarNode("dog"), new YamlScalarNode("1")), refused: true);
                InFile("list entry given a list", path, new YamlSequenceNode((YamlNode)new YamlSequenceNode(new YamlScalarNode("dog"))), refused: true);
                InFile("list entry empty", path, new YamlSequenceNode(new YamlScalarNode("") { Style = ScalarStyle.DoubleQuoted }), refused: true);
                InSet("--set list given a scalar", $"{path}=dog", path, refused: true);
                InSet("--set list given a mapping", $"{path}={{dog: 1}}", path, refused: true);
            }
            else
            {
                InFile("mapping given a scalar", path, new YamlScalarNode("5"), refused: true);
                InFile("mapping given a list", path, new YamlSequenceNode(new YamlScalarNode("a"), new YamlScalarNode("b")), refused: true);
                InSet("--set mapping given a scalar", $"{path}=5", path, refused: true);
                if (ConfigSchema.ChildrenOf(path) is var children && !children.Contains("<label>"))
                {
                    Typo(path, children[0]);
                }
            }
        }

        Typo("", "audio");
        var refused = _tally.Values.Sum(t => t.Refused);
        var accepted = _tally.Values.Sum(t => t.Accepted);
        output.WriteLine($"{targets.Count} keys and mappings walked, {refused + accepted} mutations: {refused} refused (exit 2, one line naming the key), {accepted} accepted as documented");
        foreach (var (kind, (r, a)) in _tally.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {kind}: {r} refused, {a} accepted");
        }

        Assert.True(targets.Count >= 70, $"only {targets.Count} keys walked");
        Assert.True(refused >= 400, $"only {refused} mutations refused");
    }

    private YamlDocument Load()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(_example));
        return stream.Documents[0];
    }

    private static void Walk(YamlNode node, string path, List<(string, YamlNode)> targets)
    {
        if (path.Length > 0)
        {
            targets.Add((path, node));
        }

        if (node is YamlMappingNode map && ConfigSchema.Find(path) is null)
        {
            foreach (var (k, v) in map.Children)
            {
                Walk(v, path.Length == 0 ? ((YamlScalarNode)k).Value! : path + ":" + ((YamlScalarNode)k).Value, targets);
            }
        }
    }

    /// <summary>Replaces the value at <paramref name="path"/> in a fresh copy of the example and loads it.</summary>
    private void InFile(string kind, string path, YamlNode replacement, bool refused)
    {
        var doc = Load();
        var segments = path.Split(':');
        var parent = (YamlMappingNode)doc.RootNode;
        foreach (var s in segments[..^1])
        {
            parent = (YamlMappingNode)parent.Children[new YamlScalarNode(s)];
        }

        parent.Children[new YamlScalarNode(segments[^1])] = replacement;
        Check(kind, path, Save(doc), [], refused, inFile: true);
    }

    private void InSet(string kind, string assignment, string path, bool refused) => Check(kind, path, _example, [assignment], refused, inFile: false);

    /// <summary>Adds a misspelt sibling (<c>NAMEx</c>) in the mapping at <paramref name="section"/>.</summary>
    private void Typo(string section, string name)
    {
        var doc = Load();
        var map = (YamlMappingNode)doc.RootNode;
        if (section.Length > 0)
        {
            foreach (var s in section.Split(':'))
            {
                map = (YamlMappingNode)map.Children[new YamlScalarNode(s)];
            }
        }

        map.Children.Add(new YamlScalarNode(name + "x"), new YamlScalarNode("1"));
        var path = section.Length == 0 ? name + "x" : section + ":" + name + "x";
        var line = Check("misspelt key", path, Save(doc), [], refused: true, inFile: true);
        Assert.EndsWith($"unknown key {path}; did you mean {path[..^1]}?", line);
    }

    private string Check(string kind, string path, string yaml, string[] set, bool refused, bool inFile)
    {
        var (code, lines, file) = ConfigRun.LoadText(_dir, yaml, set);
        File.Delete(file);
        var what = $"{kind} at {path} ({string.Join(' ', set)})";
        var t = _tally.GetValueOrDefault(kind);
        if (!refused)
        {
            Assert.True(code == 0 && lines.Length == 0, $"{what}: expected acceptance, got exit {code}: {string.Join(" | ", lines)}");
            _tally[kind] = (t.Refused, t.Accepted + 1);
            return "";
        }

        Assert.True(code == 2, $"{what}: expected exit 2, got {code}");
        Assert.True(lines.Length == 1, $"{what}: expected one line, got {lines.Length}: {string.Join(" | ", lines)}");
        var line = lines[0];
        var where = inFile ? file + ":" : "--set: ";
        Assert.True(line.StartsWith(Prefix + where, StringComparison.Ordinal), $"{what}: '{line}' does not start with where it is");
        Assert.True(line.Contains(" " + path, StringComparison.Ordinal), $"{what}: '{line}' does not name {path}");
        _tally[kind] = (t.Refused + 1, t.Accepted);
        return line;
    }

    private static string Save(YamlDocument doc)
    {
        var writer = new StringWriter();
        new YamlStream(doc).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
