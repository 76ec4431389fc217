using System.Diagnostics;
using System.Globalization;

namespace EdgeSound.Trainer.Analysis;

/// <summary>
/// Runs named stages and writes each one's wall time and process CPU time to the log; keeps both in run order.
/// CPU time shows what a stage costs when the machine is shared and wall time says little.
/// </summary>
public sealed class StageTimer(TextWriter log)
{
    private readonly List<KeyValuePair<string, double>> _wall = [];
    private readonly List<KeyValuePair<string, double>> _cpu = [];

    /// <summary>Wall seconds per stage.</summary>
    public IReadOnlyDictionary<string, double> Seconds => _wall.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>Process CPU seconds (all threads) per stage.</summary>
    public IReadOnlyDictionary<string, double> CpuSeconds => _cpu.ToDictionary(p => p.Key, p => p.Value);

    public TextWriter Log => log;

    public T Run<T>(string stage, Func<T> work)
    {
        log.WriteLine($"[{stage}] ...");
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        T result = work();
        double seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        _wall.Add(new(stage, seconds));
        _cpu.Add(new(stage, cpu));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{stage}] {seconds:0.00} s wall, {cpu:0.00} s CPU"));
        return result;
    }
}
