using System.Collections;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace EdgeSound.Daemon.Configuration;

/// <summary>
/// Reads the config file (YAML or JSON) into flat configuration keys (<c>detection:classes:dog:threshold</c>),
/// layers command-line overrides on top, rejects keys the options do not know and binds <see cref="DaemonOptions"/>.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Flattens a YAML or JSON file (chosen by extension; JSON is valid YAML too) into configuration keys.</summary>
    public static Dictionary<string, string?> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: config file not found");
        }

        try
        {
            using var reader = new StreamReader(path);
            return ReadYaml(reader, path);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ConfigException($"{path}: line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}", e);
        }
    }

    /// <summary>Flattens YAML (or JSON) text into configuration keys; <paramref name="sourceName"/> names it in errors.</summary>
    public static Dictionary<string, string?> ReadYaml(TextReader reader, string sourceName)
    {
        var stream = new YamlStream();
        stream.Load(reader);
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (stream.Documents.Count == 0)
        {
            return result;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            if (stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            {
                return result;
            }

            throw new ConfigException($"{sourceName}: the top level must be a mapping of sections (audio, detection, mqtt, ...)");
        }

        Flatten(root, "", result, sourceName);
        return result;
    }

    private static void Flatten(YamlNode node, string prefix, Dictionary<string, string?> result, string sourceName)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (keyNode, value) in map.Children)
                {
                    var key = ((YamlScalarNode)keyNode).Value ?? "";
                    Flatten(value, prefix.Length == 0 ? key : prefix + ":" + key, result, sourceName);
                }

                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    Flatten(seq.Children[i], prefix + ":" + i.ToString(CultureInfo.InvariantCulture), result, sourceName);
                }

                if (seq.Children.Count == 0)
                {
                    result[prefix] = "";
                }

                break;
            case YamlScalarNode scalar:
                if (!result.TryAdd(prefix, scalar.Value))
                {
                    throw new ConfigException($"{sourceName}: key {prefix} is given twice");
                }

                break;
            default:
                throw new ConfigException($"{sourceName}: key {prefix} has an unsupported YAML node");
        }
    }

    /// <summary>Parses <c>key=value</c> overrides (from <c>--set</c>).</summary>
    public static Dictionary<string, string?> ParseOverrides(IEnumerable<string> assignments)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var a in assignments)
        {
            var eq = a.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ConfigException($"--set {a}: expected key=value, for example detection:hop_s=0.25");
            }

            result[a[..eq].Trim()] = a[(eq + 1)..].Trim();
        }

        return result;
    }

    /// <summary>
    /// Layers the sources (later wins), rejects unknown keys and binds the options. <paramref name="sourceName"/>
    /// names where the keys came from in error messages.
    /// </summary>
    public static DaemonOptions Bind(IEnumerable<IReadOnlyDictionary<string, string?>> layers, string sourceName) =>
        Bind(Build(layers, sourceName), sourceName);

    /// <summary>Layers the sources (later wins) and rejects keys no option takes.</summary>
    public static IConfiguration Build(IEnumerable<IReadOnlyDictionary<string, string?>> layers, string sourceName)
    {
        var builder = new ConfigurationBuilder();
        foreach (var layer in layers)
        {
            builder.AddInMemoryCollection(layer);
        }

        var configuration = builder.Build();
        var unknown = new List<string>();
        FindUnknownKeys(configuration.GetChildren(), typeof(DaemonOptions), unknown);
        if (unknown.Count > 0)
        {
            throw new ConfigException($"{sourceName}: unknown key{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown)}");
        }

        return configuration;
    }

    /// <summary>Binds checked configuration into <paramref name="options"/> (a new instance when null).</summary>
    public static DaemonOptions Bind(IConfiguration configuration, string sourceName, DaemonOptions? options = null)
    {
        options ??= new DaemonOptions();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new ConfigException($"{sourceName}: {e.Message}", e);
        }

        ClearListsGivenEmpty(configuration, options);
        return options;
    }

    /// <summary>An empty YAML list (<c>include: []</c>) arrives as an empty string; the binder leaves the default list.</summary>
    private static void ClearListsGivenEmpty(IConfiguration configuration, DaemonOptions options)
    {
        if (configuration["detection:include"] == "")
        {
            options.Detection.Include.Clear();
        }

        if (configuration["detection:exclude"] == "")
        {
            options.Detection.Exclude.Clear();
        }

        if (configuration["mqtt:event_types"] == "")
        {
            options.Mqtt.EventTypes.Clear();
        }
    }

    /// <summary>Every configuration key below <paramref name="sections"/> that no property of <paramref name="type"/> takes.</summary>
    public static void FindUnknownKeys(IEnumerable<IConfigurationSection> sections, Type type, List<string> unknown)
    {
        foreach (var section in sections)
        {
            var property = FindProperty(type, section.Key);
            if (property is null)
            {
                unknown.Add(section.Path);
                continue;
            }

            CheckValue(section, property.PropertyType, unknown);
        }
    }

    private static void CheckValue(IConfigurationSection section, Type type, List<string> unknown)
    {
        var children = section.GetChildren().ToList();
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying == typeof(string) || underlying.IsPrimitive || underlying.IsEnum)
        {
            foreach (var child in children)
            {
                unknown.Add(child.Path);
            }

            return;
        }

        if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var valueType = underlying.GetGenericArguments()[1];
            foreach (var child in children)
            {
                CheckValue(child, valueType, unknown);
            }

            return;
        }

        if (typeof(IList).IsAssignableFrom(underlying))
        {
            foreach (var child in children)
            {
                if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _) || child.GetChildren().Any())
                {
                    unknown.Add(child.Path);
                }
            }

            return;
        }

        FindUnknownKeys(children, underlying, unknown);
    }

    private static PropertyInfo? FindProperty(Type type, string key)
    {
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name;
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
            {
                return p;
            }
        }

        return null;
    }
}
