using System.Net.Sockets;
using System.Text;
using EdgeSound.Native.Systemd;
using Xunit;

namespace EdgeSound.Native.Tests.Systemd;

public sealed class SystemdNotifierTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"edgesound-notify-{Guid.NewGuid():N}");

    public SystemdNotifierTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void SendsEachNotificationAsOneDatagramToAPathSocket()
    {
        string path = Path.Combine(_directory, "notify");
        using Socket listener = Bind(path);
        using var notifier = new SystemdNotifier(path);

        Assert.True(notifier.IsEnabled);
        Assert.True(notifier.Ready());
        Assert.True(notifier.Status("Listening on hw:1,0, model esc50-int8"));
        Assert.True(notifier.Watchdog());
        Assert.True(notifier.Stopping());

        Assert.Equal("READY=1", Receive(listener));
        Assert.Equal("STATUS=Listening on hw:1,0, model esc50-int8", Receive(listener));
        Assert.Equal("WATCHDOG=1", Receive(listener));
        Assert.Equal("STOPPING=1", Receive(listener));
    }

    [Fact]
    public void SupportsAbstractSocketsStartingWithAt()
    {
        string name = $"edgesound-test-{Guid.NewGuid():N}";
        using Socket listener = Bind("\0" + name);
        using var notifier = new SystemdNotifier("@" + name);

        Assert.True(notifier.Notify("READY=1\nSTATUS=up"));

        Assert.Equal("READY=1\nSTATUS=up", Receive(listener));
    }

    [Fact]
    public void FromEnvironmentReadsSocketAndWatchdog()
    {
        string path = Path.Combine(_directory, "env-notify");
        using Socket listener = Bind(path);
        var env = new Dictionary<string, string?>
        {
            ["NOTIFY_SOCKET"] = path,
            ["WATCHDOG_USEC"] = "30000000",
            ["WATCHDOG_PID"] = "4242",
        };

        using SystemdNotifier notifier = SystemdNotifier.FromEnvironment(k => env.GetValueOrDefault(k), 4242);

        Assert.Equal(path, notifier.SocketPath);
        Assert.Equal(TimeSpan.FromSeconds(30), notifier.WatchdogInterval);
        notifier.Watchdog();
        Assert.Equal("WATCHDOG=1", Receive(listener));
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("0", null, null)]
    [InlineData("2500000", null, 2.5)]
    [InlineData("2500000", "100", 2.5)]
    [InlineData("2500000", "101", null)]
    public void WatchdogAppliesOnlyToTheNamedProcess(string? usec, string? pid, double? expectedSeconds)
    {
        TimeSpan? interval = SystemdNotifier.ParseWatchdog(usec, pid, processId: 100);

        Assert.Equal(expectedSeconds is null ? null : TimeSpan.FromSeconds(expectedSeconds.Value), interval);
    }

    [Fact]
    public void MalformedWatchdogValuesNameTheVariable()
    {
        var usec = Assert.Throws<FormatException>(() => SystemdNotifier.ParseWatchdog("30s", null, 1));
        Assert.Contains("WATCHDOG_USEC='30s'", usec.Message);
        var pid = Assert.Throws<FormatException>(() => SystemdNotifier.ParseWatchdog("1000", "abc", 1));
        Assert.Contains("WATCHDOG_PID='abc'", pid.Message);
    }

    [Fact]
    public void WithoutNotifySocketEverythingIsANoOp()
    {
        using SystemdNotifier notifier = SystemdNotifier.FromEnvironment(_ => null, 1);

        Assert.False(notifier.IsEnabled);
        Assert.Null(notifier.WatchdogInterval);
        Assert.False(notifier.Ready());
        Assert.False(notifier.Status("idle"));
        Assert.False(notifier.Watchdog());
        Assert.False(notifier.Stopping());
    }

    [Fact]
    public void SendingToAMissingSocketNamesIt()
    {
        string path = Path.Combine(_directory, "nobody");
        using var notifier = new SystemdNotifier(path);

        var ex = Assert.Throws<IOException>(() => notifier.Ready());

        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void RejectsRelativeSocketPathsAndMultiLineStatus()
    {
        var relative = Assert.Throws<ArgumentException>(() => new SystemdNotifier("run/notify"));
        Assert.Contains("'run/notify'", relative.Message);

        using var notifier = new SystemdNotifier(null);
        Assert.Throws<ArgumentException>(() => notifier.Status("two\nlines"));
    }

    private static Socket Bind(string address)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(address));
        socket.ReceiveTimeout = 5000;
        return socket;
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        int n = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }
}
