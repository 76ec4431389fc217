using System.Reflection;
using EdgeSound.Daemon.Configuration;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;
using EdgeSound.Daemon.Tests.Deploy;
using Xunit;
using EdgeSound.Tests.Shared;

namespace EdgeSound.Daemon.Tests.Configuration;

/// <summary>The key table, the options it binds and the example config that documents it list the same keys.</summary>
public sealed class ConfigSchemaTests
{
    [Fact]
    public void Table_lists_exactly_the_options_keys_with_their_shapes()
    {
        var fromOptions = new List<string>();
        Collect(typeof(DaemonOptions), "", fromOptions);
        var fromTable = ConfigSchema.Keys.Select(k => $"{k.Path} {k.Shape}").ToList();
        Assert.Equal(fromOptions.Order(StringComparer.Ordinal), fromTable.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Example_config_documents_every_key_of_the_table()
    {
        var documented = new List<string>();
        var stream = new YamlStream();
        stream.Load(new StreamReader(RepoPaths.File("deploy/edgesound.yaml")));
        Paths(stream.Documents[0].RootNode, "", documented);
        var missing = ConfigSchema.Keys
            .Where(k => !documented.Exists(d => ConfigSchema.Find(d) == k))
            .Select(k => k.Path)
            .ToList();
        Assert.Empty(missing);
    }

    [Fact]
    public void Lookup_matches_fixed_segments_case_insensitively_and_labels_by_star()
    {
        Assert.Equal("detection:classes:*:threshold", ConfigSchema.Find("Detection:Classes:glass_breaking:Threshold")?.Path);
        Assert.Null(ConfigSchema.Find("detection:classes::threshold"));
        Assert.Null(ConfigSchema.Find("detection"));
        Assert.True(ConfigSchema.IsSection("detection:classes:dog"));
        Assert.False(ConfigSchema.IsSection("detection:hop_s"));
        Assert.Equal(["threshold", "offset_threshold", "min_duration_s", "cooldown_s", "quiet_hours"], ConfigSchema.ChildrenOf("detection:classes:dog"));
    }

    private static void Collect(Type type, string prefix, List<string> keys)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var path = prefix + (p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name);
            var t = p.PropertyType;
            if (t == typeof(List<string>))
            {
                keys.Add(path + " List");
            }
            else if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                Collect(t.GetGenericArguments()[1], path + ":*:", keys);
            }
            else if (t.IsClass && t != typeof(string))
            {
                Collect(t, path + ":", keys);
            }
            else
            {
                keys.Add(path + " Scalar");
            }
        }
    }

    private static void Paths(YamlNode node, string path, List<string> paths)
    {
        if (node is YamlMappingNode map)
        {
            foreach (var (k, v) in map.Children)
            {
                Paths(v, path.Length == 0 ? ((YamlScalarNode)k).Value! : path + ":" + ((YamlScalarNode)k).Value, paths);
            }
        }
        else
        {
            paths.Add(path);
        }
    }
}
