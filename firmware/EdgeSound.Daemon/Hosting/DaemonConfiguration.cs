using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Mqtt;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// The daemon's configuration from its command line: the config file, then the options (<c>--input</c>,
/// <c>--mqtt</c>, ...), then <c>--set</c> (later wins). Every key at any depth is checked against
/// <see cref="ConfigSchema"/>, then the rules joining keys, then every path the run will write or read. Any fault is
/// one line on <c>stderr</c> and exit code 2, before logging starts or any audio device opens.
/// </summary>
public static class DaemonConfiguration
{
    /// <summary>0 with <paramref name="options"/> set, or 2 after writing each fault as one line to <paramref name="error"/>.</summary>
    public static int Load(CommandLineInputs cli, TextWriter error, out DaemonOptions options)
    {
        options = new DaemonOptions();
        try
        {
            options = Load(cli);
            return 0;
        }
        catch (ConfigException e)
        {
            foreach (var line in e.Errors)
            {
                error.WriteLine($"edgesound: configuration error: {line}");
            }

            return 2;
        }
    }

    /// <summary>The checked options; throws <see cref="ConfigException"/> listing every fault.</summary>
    public static DaemonOptions Load(CommandLineInputs cli)
    {
        var layers = new List<ConfigLayer>();
        if (cli.Config is { } path)
        {
            layers.Add(ConfigLoader.ReadFile(path));
        }

        AddOption(layers, "--input", "audio:input", cli.Input);
        AddOption(layers, "--speed", "audio:speed", cli.Speed);
        AddOption(layers, "--model", "model", cli.Model);
        AddOption(layers, "--events", "events:file", cli.Events);
        if (cli.Mqtt is { } mqtt)
        {
            layers.Add(ConfigLoader.FromKeys("--mqtt", MqttConnection.ParseUrl(mqtt).Select(kv => KeyValuePair.Create(kv.Key, kv.Value ?? ""))));
        }

        layers.Add(ConfigLoader.ParseOverrides(cli.Set));
        var merged = ConfigLoader.Merge(layers);
        var options = ConfigLoader.Bind(merged);
        var errors = DaemonOptionsValidator.Check(options).Select(e => cli.Config is { } c ? $"{c}: {e}" : e).ToList();
        errors.AddRange(PathProblems(merged, options));
        return errors.Count > 0 ? throw new ConfigException(errors) : options;
    }

    /// <summary>Every path key of the table in use (its <see cref="ConfigKey.ActiveWith"/> key set), plus the outbox's default place.</summary>
    private static IEnumerable<string> PathProblems(IReadOnlyDictionary<string, string?> merged, DaemonOptions options)
    {
        foreach (var key in ConfigSchema.Keys)
        {
            if (key.Use == PathUse.None
                || merged.GetValueOrDefault(key.Path) is not { Length: > 0 } value
                || (key.Use == PathUse.WriteFile && value == "-")
                || (key.ActiveWith is { } needed && merged.GetValueOrDefault(needed) is not { Length: > 0 }))
            {
                continue;
            }

            if (PathAccess.Problem(value, key.Use) is { } problem)
            {
                yield return $"{key.Path}: cannot {(key.Use == PathUse.ReadFile ? "read" : "write")} '{value}': {problem}";
            }
        }

        if (options.Clips.Enabled)
        {
            var clips = DaemonApp.ClipDirectory(options);
            if (PathAccess.Problem(clips, PathUse.WriteDirectory) is { } problem)
            {
                yield return $"clips:dir: cannot write '{clips}'{(options.Clips.Dir.Length == 0 ? " (the default, in state_dir)" : "")}: {problem}";
            }
        }

        if (options.Mqtt.Host.Length > 0 && options.Mqtt.Outbox.Path.Length == 0)
        {
            var outbox = Path.Combine(DaemonApp.StateDirectory(options), "outbox.journal");
            if (PathAccess.Problem(outbox, PathUse.WriteFile) is { } problem)
            {
                yield return $"mqtt:outbox:path: cannot write the default '{outbox}' (in state_dir): {problem}";
            }
        }
    }

    private static void AddOption(List<ConfigLayer> layers, string option, string key, string? value)
    {
        if (value is not null)
        {
            layers.Add(ConfigLoader.FromKeys(option, [KeyValuePair.Create(key, value)]));
        }
    }
}
