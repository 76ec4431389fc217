using EdgeSound.Daemon.Levels;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.FullDisk;

/// <summary>The history on a real, full file system: entries wait in memory, nothing throws, all are written when space returns.</summary>
public sealed class HistoryDiskFullTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SmallTmpfs _disk = SmallTmpfs.Mount(256);

    public void Dispose() => _disk.Dispose();

    private static LevelsEntry Minute(int m) => new(new MinuteLevels(T0.AddMinutes(m), 60, -30, -20, -25, -31, -35, null));

    [Fact]
    public void Minutes_wait_in_memory_while_the_disk_is_full_and_are_all_stored_when_space_returns()
    {
        var log = new RecordingLogger();
        using var store = LevelStore.Open(Path.Combine(_disk.Root, "state", "history.db"), 30, log);
        Assert.True(store.Write(Minute(0)));
        output.WriteLine($"filler: {_disk.Fill()} bytes");
        var n = 1;
        while (store.Pending == 0 && n < 5000)
        {
            store.Write(Minute(n++));
        }

        Assert.True(store.Pending > 0, "the history never hit the full disk");
        for (var i = 0; i < 5; i++)
        {
            Assert.False(store.Write(Minute(n++)));
        }

        output.WriteLine($"{n} minutes written, {store.Pending} waiting, {store.Failures} faults");
        Assert.Contains(log.At(Microsoft.Extensions.Logging.LogLevel.Warning), m => m.Contains("listening goes on", StringComparison.Ordinal));

        _disk.Free();
        Assert.True(store.Write(Minute(n++)));
        Assert.Equal(0, store.Pending);
        Assert.Equal(n, store.Minutes(T0, T0.AddDays(10)).Count);
    }

    [Fact]
    public void A_full_disk_is_warned_about_once_not_once_per_entry_and_its_end_once()
    {
        var log = new RecordingLogger();
        using var store = LevelStore.Open(Path.Combine(_disk.Root, "state", "history.db"), 30, log);
        Assert.True(store.Write(Minute(0)));
        _disk.Fill();
        var n = 1;
        while (store.Pending == 0 && n < 5000)
        {
            store.Write(Minute(n++));
        }

        for (var i = 0; i < 20; i++)
        {
            Assert.False(store.Write(Minute(n++)));
        }

        Assert.True(store.Failures >= 20, $"{store.Failures} faults counted");
        Assert.Single(log.At(Microsoft.Extensions.Logging.LogLevel.Warning), m => m.Contains("History", StringComparison.Ordinal));

        _disk.Free();
        Assert.True(store.Write(Minute(n++)));
        Assert.Single(log.At(Microsoft.Extensions.Logging.LogLevel.Information), m => m.Contains("written again", StringComparison.Ordinal));
        Assert.Single(log.At(Microsoft.Extensions.Logging.LogLevel.Warning), m => m.Contains("History", StringComparison.Ordinal));
    }
}
