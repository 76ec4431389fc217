using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Monitoring;
using EdgeSound.Daemon.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Xunit;

namespace EdgeSound.Daemon.Tests.Web;

/// <summary>The dashboard's API on a real Kestrel at a free loopback port, called with HttpClient.</summary>
public sealed class WebApiTests : IAsyncLifetime
{
    private const string Token = "s3cret-token";
    private static readonly string[] Labels = ["dog", "rain"];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"es-web-{Guid.NewGuid():N}");
    private readonly RecentEvents _events = new(capacity: 3);
    private readonly LiveStream _live = new(framesPerMessage: 2);
    private readonly LevelFeed _feed = new();
    private LevelStore? _store;
    private WebService? _service;
    private HttpClient _http = new();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _store = LevelStore.Open(Path.Combine(_dir, "history.db"), 30, NullLogger.Instance);
        var now = DateTimeOffset.UtcNow;
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(-2);
        _store.Write(new LevelsEntry(new MinuteLevels(minute, 60, -40, -30, -35, -41, -45, null)));
        _store.Write(new OccupancyEntry(new MinuteOccupancy(minute, 60, new Dictionary<string, double> { ["dog"] = 15 })));
        var history = new LevelHistory(_store, _feed, null, TimeProvider.System);
        var rules = DetectionRules.From(new DetectionOptions { Exclude = ["rain"] }, Labels);
        var metrics = new DaemonMetrics(Labels);
        metrics.CountEvent("dog");
        var port = FreePort();
        var options = new DaemonOptions { Web = new WebOptions { Listen = $"http://127.0.0.1:{port}", Token = Token } };
        _service = new WebService(new DashboardSources(_events, history, _live, metrics, rules, "test.onnx"), Options.Create(options), NullLoggerFactory.Instance);
        await _service.StartAsync(CancellationToken.None);
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_service is not null)
        {
            await _service.StopAsync(CancellationToken.None);
            await _service.DisposeAsync();
        }

        _store?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData("/api/events")]
    [InlineData("/api/levels")]
    [InlineData("/api/model")]
    [InlineData("/api/live")]
    [InlineData("/metrics")]
    public async Task Every_data_route_answers_401_without_the_token_or_with_a_wrong_one(string path)
    {
        using var none = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, path);
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _http.GetAsync(path + "?token=" + Token[..^1])).StatusCode);
    }

    [Fact]
    public async Task A_wrong_token_is_called_wrong_and_a_missing_one_required()
    {
        using var none = await _http.GetAsync("/api/events");
        Assert.Equal("a token is required: Authorization: Bearer TOKEN or ?token=TOKEN\n", await none.Content.ReadAsStringAsync());
        using var wrongQuery = await _http.GetAsync("/api/events?token=wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, wrongQuery.StatusCode);
        Assert.Equal("the token is wrong: it does not match web:token\n", await wrongQuery.Content.ReadAsStringAsync());
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong");
        using var wrongHeader = await _http.SendAsync(wrong);
        Assert.Equal("the token is wrong: it does not match web:token\n", await wrongHeader.Content.ReadAsStringAsync());
        using var twice = await _http.GetAsync($"/api/events?token={Token}&token={Token}");
        Assert.Equal(HttpStatusCode.Unauthorized, twice.StatusCode);
        Assert.Equal("the token is given 2 times in the query: give ?token=TOKEN once\n", await twice.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/events")]
    [InlineData("/api/levels")]
    [InlineData("/api/model")]
    [InlineData("/metrics")]
    public async Task Head_answers_like_get_without_a_body(string path)
    {
        var url = path + (path == "/" ? "" : "?token=" + Token);
        using var get = await _http.GetAsync(url);
        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.MediaType, head.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await get.Content.ReadAsByteArrayAsync());
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_page_holds_no_data_and_is_served_without_the_token()
    {
        var page = await _http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<canvas id=\"spectrogram\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var script = await _http.GetAsync("/app.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("EventSource", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/api/model?token=" + Token)).StatusCode);
    }

    [Fact]
    public async Task Events_are_the_newest_events_as_events_objects_bounded_by_the_ring_and_limit()
    {
        var t0 = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
        {
            _events.Add(new DetectedEvent(t0.AddSeconds(i), i % 2 == 0 ? "dog" : "rain", 0.5 + (i / 10.0), i, i + 1.5, -20 - i));
        }

        using var all = JsonDocument.Parse(await (await _http.SendAsync(Authorized("/api/events"))).Content.ReadAsStringAsync());
        Assert.Equal(3, all.RootElement.GetArrayLength());
        var newest = all.RootElement[0];
        Assert.Equal(["time", "label", "score", "start_s", "end_s", "level_dbfs"], newest.EnumerateObject().Select(p => p.Name));
        Assert.Equal("dog", newest.GetProperty("label").GetString());
        Assert.Equal(0.9, newest.GetProperty("score").GetDouble(), 6);
        Assert.Equal(4, newest.GetProperty("start_s").GetDouble());
        Assert.Equal("2026-11-30T09:00:04.000+00:00", newest.GetProperty("time").GetString());
        using var two = JsonDocument.Parse(await (await _http.SendAsync(Authorized("/api/events?limit=1"))).Content.ReadAsStringAsync());
        Assert.Equal(1, two.RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("/api/events?limit=0", "limit")]
    [InlineData("/api/events?limit=abc", "limit")]
    [InlineData("/api/levels?minutes=-5", "minutes")]
    [InlineData("/api/levels?minutes=99999999", "minutes")]
    [InlineData("/api/events?limit=%0Aline2%0Aline3", "limit")]
    [InlineData("/api/events?limit=%00", "limit")]
    public async Task A_bad_query_value_gets_400_and_one_line_naming_it(string path, string name)
    {
        var r = await _http.SendAsync(Authorized(path));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        var body = await r.Content.ReadAsStringAsync();
        Assert.StartsWith(name + " must be a whole number", body, StringComparison.Ordinal);
        Assert.Single(body.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain('\0', body);
    }

    [Theory]
    [InlineData("/api/levels?minutes=60&minutes=", "minutes is given 2 times; give it once")]
    [InlineData("/api/events?limit=1&limit=2", "limit is given 2 times; give it once")]
    public async Task A_query_parameter_given_twice_gets_400_saying_so(string path, string line)
    {
        var r = await _http.SendAsync(Authorized(path));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(line + "\n", await r.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/api/nope", HttpStatusCode.NotFound, "GET /api/nope: no such route")]
    [InlineData("GET", "/api/events/%0Aextra", HttpStatusCode.NotFound, "GET /api/events/%0Aextra: no such route")]
    [InlineData("DELETE", "/api/events", HttpStatusCode.MethodNotAllowed, "DELETE /api/events: method not allowed (allowed: GET, HEAD)")]
    [InlineData("GET", "/api/feedback", HttpStatusCode.MethodNotAllowed, "GET /api/feedback: method not allowed (allowed: POST)")]
    public async Task An_unknown_route_or_method_gets_one_line_naming_it(string method, string path, HttpStatusCode status, string line)
    {
        var request = Authorized(path);
        request.Method = new HttpMethod(method);
        var r = await _http.SendAsync(request);
        Assert.Equal(status, r.StatusCode);
        Assert.Equal(line + "\n", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Levels_are_the_stored_minutes_with_their_occupancy()
    {
        using var doc = JsonDocument.Parse(await (await _http.SendAsync(Authorized("/api/levels?minutes=10"))).Content.ReadAsStringAsync());
        var m = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(-40, m.GetProperty("laeq").GetDouble());
        Assert.Equal(-35, m.GetProperty("l10").GetDouble());
        Assert.Equal(-45, m.GetProperty("l90").GetDouble());
        Assert.Equal(0.25, m.GetProperty("occupancy").GetProperty("dog").GetDouble(), 6);
    }

    [Fact]
    public async Task Model_gives_labels_thresholds_and_which_alert()
    {
        using var doc = JsonDocument.Parse(await (await _http.SendAsync(Authorized("/api/model"))).Content.ReadAsStringAsync());
        Assert.Equal("test.onnx", doc.RootElement.GetProperty("model").GetString());
        var classes = doc.RootElement.GetProperty("classes");
        Assert.Equal(Labels, classes.EnumerateArray().Select(c => c.GetProperty("label").GetString()));
        Assert.True(classes[0].GetProperty("enabled").GetBoolean());
        Assert.False(classes[1].GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_of_the_daemon_registry()
    {
        var r = await _http.SendAsync(Authorized("/metrics"));
        Assert.Equal("text/plain", r.Content.Headers.ContentType?.MediaType);
        var text = await r.Content.ReadAsStringAsync();
        Assert.Contains("edgesound_events_total{label=\"dog\"} 1", text, StringComparison.Ordinal);
        Assert.All(text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')), l => Assert.StartsWith("edgesound_", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_live_stream_sends_levels_and_mel_frames_as_server_sent_events()
    {
        // The server sends its headers with the first message: subscribe, publish, then read.
        var request = _http.SendAsync(Authorized("/api/live"), HttpCompletionOption.ResponseHeadersRead);
        Assert.True(SpinWait.SpinUntil(() => _live.Clients == 1, TimeSpan.FromSeconds(10)));
        _feed.Publish(new LevelReading(DateTimeOffset.UtcNow, -33.33, -31.0));
        _live.PushFrame([-128, 0, 127]);
        _live.PushFrame([1, 2, 3]);
        using var response = await request;
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var lines = new List<string>();
        while (lines.Count(l => l.StartsWith("data:", StringComparison.Ordinal)) < 2 && await reader.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }

        Assert.Contains("event: level", lines);
        Assert.Contains(lines, l => l.Contains("\"laeq\":-33.3", StringComparison.Ordinal));
        var mel = JsonDocument.Parse(lines.Last(l => l.StartsWith("data:", StringComparison.Ordinal))[5..]).RootElement;
        Assert.Equal(3, mel.GetProperty("bands").GetInt32());
        Assert.Equal(2, mel.GetProperty("frames").GetInt32());
        Assert.Equal(new byte[] { 0x80, 0, 0x7F, 1, 2, 3 }, Convert.FromBase64String(mel.GetProperty("data").GetString()!));
    }

    private static HttpRequestMessage Authorized(string path)
    {
        var m = new HttpRequestMessage(HttpMethod.Get, path);
        m.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return m;
    }

    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
