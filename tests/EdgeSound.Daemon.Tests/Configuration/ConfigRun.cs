using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Hosting;

namespace EdgeSound.Daemon.Tests.Configuration;

/// <summary>Runs the daemon's configuration stage in-process (the same code and exit code as the program, without a model or audio).</summary>
internal static class ConfigRun
{
    public static (int Code, string[] Lines, DaemonOptions Options) Load(string? config, params string[] set)
    {
        var error = new StringWriter();
        var code = DaemonConfiguration.Load(new CommandLineInputs(null, null, config, null, null, null, false, set), error, out var options);
        return (code, error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), options);
    }

    /// <summary>Writes <paramref name="yaml"/> to a new file under <paramref name="dir"/> and loads it.</summary>
    public static (int Code, string[] Lines, string Path) LoadText(string dir, string yaml, params string[] set)
    {
        Directory.CreateDirectory(dir);
        var path = System.IO.Path.Combine(dir, $"c{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        var (code, lines, _) = Load(path, set);
        return (code, lines, path);
    }
}
