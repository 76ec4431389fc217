using EdgeSound.Daemon.Hosting.Systemd;
using Xunit;

namespace EdgeSound.Daemon.Tests.Systemd;

public sealed class WatchdogTimeoutTests
{
    [Theory]
    [InlineData(null, null, null)]
    [InlineData("0", null, null)]
    [InlineData("2500000", null, 2.5)]
    [InlineData("2500000", "100", 2.5)]
    [InlineData("2500000", "101", null)]
    public void The_watchdog_applies_only_to_the_named_process(string? usec, string? pid, double? expectedSeconds)
    {
        var timeout = WatchdogTimeout.Parse(usec, pid, processId: 100);

        Assert.Equal(expectedSeconds is null ? null : TimeSpan.FromSeconds(expectedSeconds.Value), timeout);
    }

    [Fact]
    public void Malformed_values_name_the_variable()
    {
        var usec = Assert.Throws<FormatException>(() => WatchdogTimeout.Parse("30s", null, 1));
        Assert.Contains("WATCHDOG_USEC='30s'", usec.Message);
        var pid = Assert.Throws<FormatException>(() => WatchdogTimeout.Parse("1000", "abc", 1));
        Assert.Contains("WATCHDOG_PID='abc'", pid.Message);
    }
}
