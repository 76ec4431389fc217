using EdgeSound.Dsp.Files;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Cues;
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
        errors.AddRange(SharedFileProblems(merged, options, cli.Config));
        return errors.Count > 0 ? throw new ConfigException(errors) : options;
    }

    /// <summary>A file of the run: the key (or what it is) that names it, the path as given, and where it comes from when no key gave it.</summary>
    private sealed record RunFile(string Name, string Value, string Note = "")
    {
        /// <summary>The path made absolute and normal, every symbolic link in it followed (<see cref="RealPath"/>): equal
        /// for two names of one file.</summary>
        public string Identity { get; } = FileIdentity(Value);

        public override string ToString() => $"{Name} ('{Value}'{Note})";

        /// <summary>The real path, or the absolute path as written when its links loop (the path check names that fault).</summary>
        private static string FileIdentity(string path)
        {
            try
            {
                return RealPath.Of(path);
            }
            catch (IOException)
            {
                return Path.GetFullPath(path);
            }
        }
    }

    /// <summary>
    /// A file the run writes by a key (<c>events:file</c>, <c>logging:file</c>, <c>mqtt:outbox:path</c>) that is also a
    /// file it reads (the configuration, the input, the model, the MQTT credentials, a cue file) or another file it
    /// writes (those keys, and the history database, outbox and cue files in <c>state_dir</c>): appending event lines to
    /// the model or the recording would destroy it, two writers one file. Compared after making paths absolute and
    /// following symbolic links.
    /// </summary>
    private static IEnumerable<string> SharedFileProblems(IReadOnlyDictionary<string, string?> merged, DaemonOptions options, string? config)
    {
        var mqtt = options.Mqtt.Host.Length > 0;
        var state = DaemonApp.StateDirectory(options);
        var writes = new List<RunFile>();
        foreach (var key in (string[])["events:file", "logging:file", .. mqtt ? ["mqtt:outbox:path"] : Array.Empty<string>()])
        {
            if (merged.GetValueOrDefault(key) is { Length: > 0 } value && value != "-")
            {
                writes.Add(new RunFile(key, value));
            }
        }

        var stateFiles = new List<RunFile>
        {
            new("the history database", Path.Combine(state, "history.db"), ", in state_dir"),
            new("the cue designer's file", Path.Combine(state, DesignerCueFile.FileName), ", in state_dir"),
            new("the cue comparison log", Path.Combine(state, CueComparisonLog.FileName), ", in state_dir"),
        };
        if (mqtt && options.Mqtt.Outbox.Path.Length == 0)
        {
            stateFiles.Add(new RunFile("the outbox", Path.Combine(state, "outbox.journal"), ", in state_dir"));
        }

        var reads = new List<RunFile>();
        if (config is not null)
        {
            reads.Add(new RunFile("--config", config));
        }

        if (File.Exists(options.Audio.Input))
        {
            reads.Add(new RunFile("audio:input", options.Audio.Input));
        }

        reads.Add(options.Model.Length > 0
            ? new RunFile("model", options.Model)
            : new RunFile("model", ModelLocator.Resolve("", AppContext.BaseDirectory), ", the shipped model"));
        var readKeys = (mqtt ? ["mqtt:ca_file", "mqtt:cert_file", "mqtt:key_file", "mqtt:password_file"] : Array.Empty<string>())
            .Concat(options.Cues.Classes.Keys.Select(label => $"cues:classes:{label}:file"));
        foreach (var key in readKeys)
        {
            if (merged.GetValueOrDefault(key) is { Length: > 0 } value)
            {
                reads.Add(new RunFile(key, value));
            }
        }

        for (var i = 0; i < writes.Count; i++)
        {
            var w = writes[i];
            if (reads.Find(r => r.Identity == w.Identity) is { } read)
            {
                yield return $"{w.Name}: '{w.Value}' is the same file as {read}: the run would write into a file it reads";
            }
            else if (writes.Skip(i + 1).Concat(stateFiles).FirstOrDefault(o => o.Identity == w.Identity) is { } other)
            {
                yield return $"{w.Name}: '{w.Value}' is the same file as {other}: the run would write both into one file";
            }
        }
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
