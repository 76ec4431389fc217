using System.Net;
using System.Net.Sockets;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Monitoring;
using EdgeSound.Daemon.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace EdgeSound.Daemon.Tests.Web;

/// <summary>
/// <c>/api/levels</c> over a history the daemon cannot read (here a file from a newer release, which the store leaves
/// untouched and does not use) says so, instead of answering an empty day as if nothing had been heard.
/// </summary>
public sealed class HistoryUnreadableApiTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"es-web-unreadable-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Levels_from_a_history_it_cannot_read_get_503_and_one_line_naming_the_file()
    {
        Directory.CreateDirectory(_dir);
        var db = Path.Combine(_dir, "history.db");
        using (var first = LevelStore.Open(db, 30, NullLogger.Instance))
        {
            first.Write(new LevelsEntry(new MinuteLevels(DateTimeOffset.UtcNow.AddMinutes(-3), 60, -40, -30, -35, -41, -45, null)));
        }

        using (var sqlite = new SqliteConnection($"Data Source={db};Pooling=False"))
        {
            sqlite.Open();
            using var cmd = sqlite.CreateCommand();
            cmd.CommandText = "UPDATE schema_version SET version = 99";
            cmd.ExecuteNonQuery();
        }

        using var store = LevelStore.Open(db, 30, NullLogger.Instance);
        var sources = new DashboardSources(new RecentEvents(), new LevelHistory(store, new LevelFeed(), null, TimeProvider.System), new LiveStream(),
            new DaemonMetrics(["dog"]), DetectionRules.From(new DetectionOptions(), ["dog"]), "m.onnx");
        var port = FreePort();
        var service = new WebService(sources, Options.Create(new DaemonOptions { Web = new WebOptions { Listen = $"http://127.0.0.1:{port}" } }), NullLoggerFactory.Instance);
        await service.StartAsync(CancellationToken.None);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
            using var r = await http.GetAsync("/api/levels?minutes=60");
            var body = await r.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
            Assert.StartsWith($"level history unavailable: {db}: ", body, StringComparison.Ordinal);
            Assert.Contains("schema version 99", body, StringComparison.Ordinal);
            Assert.Single(body.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
            await service.DisposeAsync();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
