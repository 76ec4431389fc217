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
        var pathErrors = PathProblems(merged, options).ToList();
        errors.AddRange(pathErrors);
        errors.AddRange(MqttFileProblems(options.Mqtt, pathErrors));
        return errors.Count > 0 ? throw new ConfigException(errors) : options;
    }

    /// <summary>
    /// What the MQTT files hold, for files that passed the path check: a password file with an empty first line, a CA
    /// file (or the system CA bundle <c>mqtts://</c> falls back on) without a PEM certificate, a client certificate
    /// and key that do not load as a pair. Found here, these are configuration faults like any other, not a log line
    /// seconds into the run.
    /// </summary>
    private static IEnumerable<string> MqttFileProblems(MqttOptions m, List<string> pathErrors)
    {
        if (m.Host.Length == 0)
        {
            yield break;
        }

        bool Readable(string key) => !pathErrors.Exists(e => e.StartsWith(key + ":", StringComparison.Ordinal));
        if (m.PasswordFile.Length > 0 && Readable("mqtt:password_file") && PasswordFileProblem(m.PasswordFile) is { } password)
        {
            yield return $"mqtt:password_file: '{m.PasswordFile}' {password}";
        }

        if (!m.Tls)
        {
            yield break;
        }

        var ca = m.CaFile.Length > 0 ? m.CaFile : MqttConnection.SystemCaFile;
        if (Readable("mqtt:ca_file") && ClientOptionsFactory.CaFileProblem(ca) is { } trust)
        {
            yield return $"mqtt:ca_file: '{ca}'{(m.CaFile.Length == 0 ? " (the system CA bundle, used while mqtt:ca_file is empty)" : "")}: {trust}";
        }

        if (m.CertFile.Length > 0 && m.KeyFile.Length > 0 && Readable("mqtt:cert_file") && Readable("mqtt:key_file")
            && ClientOptionsFactory.ClientCertificateProblem(m.CertFile, m.KeyFile) is { } client)
        {
            yield return $"mqtt:cert_file: '{m.CertFile}' with mqtt:key_file '{m.KeyFile}': {client}";
        }
    }

    private static string? PasswordFileProblem(string path)
    {
        try
        {
            return MqttConnection.ReadPasswordFile(path).Length > 0 ? null : "is empty: its first line must be the broker password";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {e.Message}";
        }
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
