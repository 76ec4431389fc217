using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using EdgeSound.Daemon.Clips;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Cues;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Monitoring;
using EdgeSound.Daemon.Tests.Clips;
using EdgeSound.Daemon.Tests.Cues;
using EdgeSound.Daemon.Web;
using EdgeSound.Dsp.Synthesis;
using EdgeSound.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace EdgeSound.Daemon.Tests.Web;

/// <summary>
/// The cue designer's and the clips' routes on a real Kestrel at a free loopback port: render, compose, list, save,
/// compare, clip audio and feedback, each with good and bad input and without the token; a saved cue survives a
/// restart and is what the cue player plays next.
/// </summary>
public sealed class CueDesignerApiTests : IAsyncLifetime
{
    private const string Token = "cue-token";
    private const string Configured = "bpm=120 wave=sine: C5/4 E5/4";
    private const string Designed = "bpm=200 wave=triangle: A5/8 E5/8 A5/4";
    private static readonly string[] Labels = ClipFixtures.Labels;
    private readonly string _dir = ClipFixtures.TempDir("es-cueapi-");
    private readonly RecordingLogger _log = new();
    private LevelStore? _store;
    private WebService? _service;
    private HttpClient _http = new();
    private CueLibrary _library = CueLibrary.CreateEmpty();
    private ClipKeeping? _clips;
    private string _clipId = "";

    public async Task InitializeAsync()
    {
        _store = LevelStore.Open(Path.Combine(_dir, "history.db"), 30, NullLogger.Instance);
        var history = new LevelHistory(_store, new LevelFeed(), null, TimeProvider.System);
        _library = ConfiguredLibrary();
        var designer = CueDesigner.Open(_dir, _library, Labels, 16000, ClipFixtures.Model.Sha256, _log);
        var store = ClipStore.Open(Path.Combine(_dir, "clips"), 10_000_000, ClipFixtures.Model);
        _clips = new ClipKeeping(store, new ClipsOptions { Enabled = true }, NullLoggerFactory.Instance);
        var e = ClipFixtures.Event("dog", 3, 4);
        _clipId = store.NewId(e);
        Assert.True(store.Save(ClipFixtures.Clip(_clipId, e, 1600)));
        var port = WebApiTests.FreePort();
        var options = new DaemonOptions { Web = new WebOptions { Listen = $"http://127.0.0.1:{port}", Token = Token } };
        var sources = new DashboardSources(new RecentEvents(), history, new LiveStream(), new DaemonMetrics(Labels),
            DetectionRules.From(new DetectionOptions(), Labels), "test.onnx", designer, _clips);
        _service = new WebService(sources, Options.Create(options), new SingleLoggerFactory(_log));
        await _service.StartAsync(CancellationToken.None);
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
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
    [InlineData("GET", "/api/cues")]
    [InlineData("POST", "/api/cues/render")]
    [InlineData("POST", "/api/cues/compose")]
    [InlineData("PUT", "/api/cues/dog")]
    [InlineData("POST", "/api/cues/dog/comparison")]
    [InlineData("GET", "/api/cues/dog/comparison")]
    [InlineData("GET", "/api/clips/x.wav")]
    [InlineData("POST", "/api/feedback")]
    public async Task Every_new_route_answers_401_without_the_token(string method, string path)
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { pattern = Designed }) };
        using var r = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal(Canonical(Configured), _library.Find("dog")!.ToText());
    }

    [Fact]
    public async Task Render_returns_the_wav_of_the_daemons_own_renderer()
    {
        using var r = await _http.PostAsJsonAsync("/api/cues/render", new { pattern = Designed });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("audio/wav", r.Content.Headers.ContentType?.MediaType);
        var wav = await r.Content.ReadAsByteArrayAsync();
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal(16000, BitConverter.ToInt32(wav, 24));
        Assert.Equal(CueLibrary.Render(PatternParser.Parse(Designed), 16000), MemoryMarshal.Cast<byte, short>(wav.AsSpan(44)).ToArray());
    }

    [Theory]
    [InlineData("""{"pattern": "bpm=120: C5/4 H5/8"}""", "pattern error at column 15, token 'H5/8'")]
    [InlineData("""{"pattern": "C10/4"}""", "pattern error at column 1")]
    [InlineData("""{"text": "C5"}""", "pattern is required")]
    [InlineData("""{"pattern": 123}""", "pattern must be a string, got 123")]
    [InlineData("""{"pattern": ["C5/4"]}""", "pattern must be a string, got [\"C5/4\"]")]
    [InlineData("""[1, 2]""", "expected a JSON object")]
    [InlineData("""{"pattern": """, "body is not JSON")]
    public async Task Render_refuses_a_bad_body_with_one_line(string body, string start)
    {
        using var r = await _http.PostAsync("/api/cues/render", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await AssertOneLine(r, HttpStatusCode.BadRequest, start);
    }

    [Fact]
    public async Task Compose_returns_the_composers_pattern_for_the_inputs()
    {
        using var r = await _http.PostAsJsonAsync("/api/cues/compose", new { tempo = 132, key = "F#", mode = "minor", brightness = 0.3, noisiness = 0.6, length = 6, seed = 7 });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var expected = CueComposer.Compose(new ComposerInputs(132, 6, Mode.Minor, 0.3, 0.6, 6, 7)).ToText();
        Assert.Equal(expected, doc.RootElement.GetProperty("pattern").GetString());
    }

    [Theory]
    [InlineData("""{"tempo": 300, "key": "A", "mode": "major", "brightness": 0.5, "noisiness": 0.5, "length": 8}""", "tempo 300: expected 40..240 BPM")]
    [InlineData("""{"tempo": 120, "key": "A", "mode": "major", "brightness": 1.5, "noisiness": 0.5, "length": 8}""", "brightness 1.5: expected 0..1")]
    [InlineData("""{"tempo": 120, "key": "A", "mode": "major", "brightness": 0.5, "noisiness": "loud", "length": 8}""", "noisiness must be a number, got \"loud\"")]
    [InlineData("""{"tempo": 120, "key": "A", "mode": "major", "brightness": 0.5, "noisiness": 0.5, "length": 0}""", "length 0: expected 1..64")]
    [InlineData("""{"tempo": 120, "key": "A", "mode": "major", "brightness": 0.5, "noisiness": 0.5}""", "length must be a whole number, got nothing")]
    [InlineData("""{"tempo": 120, "key": "H", "mode": "major", "brightness": 0.5, "noisiness": 0.5, "length": 8}""", "key must be a tonic")]
    [InlineData("""{"tempo": 120, "key": "A", "mode": "dorian", "brightness": 0.5, "noisiness": 0.5, "length": 8}""", "mode must be major or minor")]
    [InlineData("""{"tempo": 120, "key": "A", "mode": "major", "brightness": 0.5, "noisiness": 0.5, "length": 8, "seed": 1.5}""", "seed must be a whole number")]
    public async Task Compose_refuses_out_of_range_inputs_naming_the_field(string body, string start)
    {
        using var r = await _http.PostAsync("/api/cues/compose", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await AssertOneLine(r, HttpStatusCode.BadRequest, start);
    }

    [Fact]
    public async Task Cues_lists_every_model_label_and_unknown_with_its_cue_and_where_it_came_from()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("/api/cues"));
        Assert.Equal(16000, doc.RootElement.GetProperty("sample_rate").GetInt32());
        var classes = doc.RootElement.GetProperty("classes").EnumerateArray().ToList();
        Assert.Equal([.. Labels, "unknown"], classes.Select(c => c.GetProperty("label").GetString()));
        Assert.Equal(Canonical(Configured), classes[0].GetProperty("pattern").GetString());
        Assert.Equal("config", classes[0].GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, classes[1].GetProperty("pattern").ValueKind);
        Assert.Equal(JsonValueKind.Null, classes[1].GetProperty("source").ValueKind);
    }

    [Fact]
    public async Task A_saved_cue_is_played_next_and_survives_a_restart_over_the_configured_one()
    {
        using var r = await _http.PutAsJsonAsync("/api/cues/dog", new { pattern = Designed });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(Canonical(Designed), _library.Find("dog")!.ToText());
        using (var doc = JsonDocument.Parse(await _http.GetStringAsync("/api/cues")))
        {
            Assert.Equal("designer", doc.RootElement.GetProperty("classes")[0].GetProperty("source").GetString());
        }

        // A restart: the configuration still says Configured; the designer's file in the state directory wins.
        var restarted = ConfiguredLibrary();
        var log = new RecordingLogger();
        CueDesigner.Open(_dir, restarted, Labels, 16000, "", log);
        Assert.Equal(Canonical(Designed), restarted.Find("dog")!.ToText());
        Assert.Contains(log.At(Microsoft.Extensions.Logging.LogLevel.Information), m => m.Contains("replaces the configured one", StringComparison.Ordinal));
        Assert.Contains(Canonical(Designed), await File.ReadAllTextAsync(Path.Combine(_dir, DesignerCueFile.FileName)), StringComparison.Ordinal);

        // What the cue player plays next for a dog event, on a real ALSA playback device (file plugin).
        Assert.True(AlsaReplay.SetupError is null, AlsaReplay.SetupError);
        using var lease = AlsaReplay.Lease([]);
        var options = new CueOptions { TailSeconds = 0 };
        var player = new CuePlayer(restarted, new CuePolicy(options, new ManualClock(DateTimeOffset.UnixEpoch)), new AlsaCueOutput(lease.RecordDevice, 16000),
            new PlaybackGate(), 0, () => 0.0, () => false, new RecordingLogger());
        Assert.Equal(CueDecision.Play, player.Handle(ClipFixtures.Event("dog", 1, 2), CancellationToken.None));
        Assert.Equal(CueLibrary.Render(PatternParser.Parse(Designed), 16000), MemoryMarshal.Cast<byte, short>(File.ReadAllBytes(lease.RecordPath)).ToArray());
    }

    [Fact]
    public async Task A_cue_can_be_saved_for_unknown_sound_events_as_cues_classes_takes_them()
    {
        using var r = await _http.PutAsync("/api/cues/unknown", new StringContent("""{"pattern": "C5/4"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(Canonical("C5/4"), _library.Find("unknown")!.ToText());
    }

    [Theory]
    [InlineData("/api/cues/cat", """{"pattern": "C5/4"}""", "unknown label 'cat': cues can be saved for dog, siren, glass_breaking, unknown")]
    [InlineData("/api/cues/dog", """{"pattern": "C5/4 X"}""", "pattern error at column 6")]
    [InlineData("/api/cues/dog", """{"pattern": "bpm=20: [C5/1]x64"}""", "cue lasts")]
    public async Task Saving_refuses_an_unknown_label_or_a_bad_pattern_and_changes_nothing(string path, string body, string start)
    {
        using var r = await _http.PutAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var text = await AssertOneLine(r, HttpStatusCode.BadRequest, "");
        Assert.Contains(start, text, StringComparison.Ordinal);
        Assert.Equal(Canonical(Configured), _library.Find("dog")!.ToText());
        Assert.False(File.Exists(Path.Combine(_dir, DesignerCueFile.FileName)));
    }

    [Theory]
    [InlineData("PUT", "/api/cues/dog", """{"pattern": 123}""", "pattern must be a string, got 123")]
    [InlineData("POST", "/api/cues/dog/comparison", """{"a": "C5/4", "b": 7, "choice": "a"}""", "b must be a string, got 7")]
    [InlineData("POST", "/api/cues/dog/comparison", """{"a": "C5/4", "b": "D5/4", "choice": true}""", "choice must be a string, got true")]
    [InlineData("POST", "/api/cues/compose", """{"tempo": 120, "key": 5, "mode": "major", "brightness": 0.5, "noisiness": 0.5, "length": 8}""", "key must be a tonic C, C#, Db, D, ... B, got 5")]
    [InlineData("POST", "/api/feedback", """{"clip_id": 42, "verdict": "confirm"}""", "clip_id must be a string, got 42")]
    [InlineData("POST", "/api/feedback", """{"clip_id": "x", "verdict": {"v": 1}}""", "verdict must be a string, got {\"v\": 1}")]
    public async Task A_field_that_is_not_a_string_is_called_so_not_missing(string method, string path, string body, string line)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        using var r = await _http.SendAsync(request);
        Assert.Equal(line + "\n", await AssertOneLine(r, HttpStatusCode.BadRequest, line));
    }

    [Theory]
    [InlineData("POST", "/api/cues/render", """{"pattern": "\ud800"}""", "$.pattern")]
    [InlineData("PUT", "/api/cues/dog", """{"pattern": "C5/4 \udfff"}""", "$.pattern")]
    [InlineData("POST", "/api/cues/dog/comparison", """{"a": "\udfff", "b": "D5/4", "choice": "a"}""", "$.a")]
    [InlineData("POST", "/api/cues/compose", """{"tempo": 120, "key": "\ud800", "mode": "major"}""", "$.key")]
    [InlineData("POST", "/api/feedback", """{"clip_id": "\ud800", "verdict": "confirm"}""", "$.clip_id")]
    [InlineData("POST", "/api/feedback", """{"\ud800": 1}""", "a key of $")]
    public async Task A_string_that_is_not_valid_unicode_is_one_line_naming_it_not_a_server_error(string method, string path, string body, string where)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        using var r = await _http.SendAsync(request);
        await AssertOneLine(r, HttpStatusCode.BadRequest, $"{where} is not valid Unicode text");
    }

    [Fact]
    public async Task A_body_with_a_byte_that_is_not_utf8_inside_a_string_is_one_line_not_a_server_error()
    {
        byte[] body = [.. "{\"pattern\": \"C5/4 "u8, 0xFF, .. "\"}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var r = await _http.PostAsync("/api/cues/render", content);
        Assert.NotEqual(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Single((await r.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n'));
    }

    [Theory]
    [InlineData("PUT", "/api/cues/dog", "text/plain")]
    [InlineData("POST", "/api/feedback", "application/x-www-form-urlencoded")]
    [InlineData("POST", "/api/cues/render", null)]
    public async Task A_body_that_is_not_declared_json_gets_415_and_changes_nothing(string method, string path, string? type)
    {
        using var content = new ByteArrayContent("""{"pattern": "C5/4", "clip_id": "last", "verdict": "confirm"}"""u8.ToArray());
        content.Headers.ContentType = type is null ? null : new MediaTypeHeaderValue(type);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        using var r = await _http.SendAsync(request);
        await AssertOneLine(r, HttpStatusCode.UnsupportedMediaType, "body must be Content-Type: application/json, got");
        Assert.Equal(Canonical(Configured), _library.Find("dog")!.ToText());
        Assert.Equal(0, _clips!.Feedback.Stored);
    }

    [Theory]
    [InlineData("PUT", "/api/cues/dog", "utf-16")]
    [InlineData("POST", "/api/feedback", "iso-8859-1")]
    public async Task A_body_declared_in_a_charset_other_than_utf8_gets_415_naming_it_and_changes_nothing(string method, string path, string charset)
    {
        var text = """{"pattern": "C5/4", "clip_id": "last", "verdict": "confirm"}""";
        using var content = new ByteArrayContent(System.Text.Encoding.GetEncoding(charset).GetBytes(text));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = charset };
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        using var r = await _http.SendAsync(request);
        var line = await AssertOneLine(r, HttpStatusCode.UnsupportedMediaType, "body must be UTF-8 JSON, got charset");
        Assert.Contains($"'{charset}'", line, StringComparison.Ordinal);
        Assert.Equal(Canonical(Configured), _library.Find("dog")!.ToText());
        Assert.Equal(0, _clips!.Feedback.Stored);
    }

    [Theory]
    [InlineData("PUT", "/api/cues/dog", """{"pattern": "C4/4", "pattern": "C6/4"}""", "pattern")]
    [InlineData("POST", "/api/feedback", """{"clip_id": "x", "verdict": "false_alarm", "clip_id": "CLIP"}""", "clip_id")]
    public async Task A_body_that_names_a_field_twice_gets_400_naming_it_and_changes_nothing(string method, string path, string json, string field)
    {
        using var content = new StringContent(json.Replace("CLIP", _clipId, StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        using var r = await _http.SendAsync(request);
        var line = await AssertOneLine(r, HttpStatusCode.BadRequest, "body names a field twice");
        Assert.Contains($"'{field}'", line, StringComparison.Ordinal);
        Assert.Equal(Canonical(Configured), _library.Find("dog")!.ToText());
        Assert.Equal(0, _clips!.Feedback.Stored);
    }

    [Theory]
    [InlineData("PUT", "/api/cues/dog", false)]
    [InlineData("POST", "/api/feedback", false)]
    [InlineData("POST", "/api/cues/render", true)]
    public async Task A_body_over_the_limit_gets_413_and_one_line_and_changes_nothing(string method, string path, bool chunked)
    {
        var padding = new string(' ', RequestBody.MaxBytes);
        using var content = new StringContent($$"""{"pattern": "C5/4", "clip_id": "{{_clipId}}", "verdict": "confirm"{{padding}}}""", System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        using var r = await _http.SendAsync(request);
        await AssertOneLine(r, HttpStatusCode.RequestEntityTooLarge, $"body larger than {RequestBody.MaxBytes} bytes");
        Assert.Equal(Canonical(Configured), _library.Find("dog")!.ToText());
        Assert.Equal(0, _clips!.Feedback.Stored);
        Assert.Empty(_log.At(Microsoft.Extensions.Logging.LogLevel.Error));
    }

    [Fact]
    public async Task A_body_with_broken_chunked_framing_is_answered_400_and_logs_no_error()
    {
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(_http.BaseAddress!.Host, _http.BaseAddress.Port);
        var stream = socket.GetStream();
        var head = $"POST /api/cues/render HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {Token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{{}}\r\n0\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream);
        var status = await reader.ReadLineAsync();
        Assert.StartsWith("HTTP/1.1 400", status, StringComparison.Ordinal);
        using var ok = await _http.GetAsync("/api/cues");
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Empty(_log.At(Microsoft.Extensions.Logging.LogLevel.Error));
    }

    [Fact]
    public async Task A_comparison_is_stored_with_time_and_model_and_its_choice_becomes_the_cue()
    {
        var b = "bpm=90 wave=square: C4/4 G4/4";
        using var r = await _http.PostAsJsonAsync("/api/cues/siren/comparison", new { a = Designed, b, choice = "b" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(Canonical(b), _library.Find("siren")!.ToText());
        var line = Assert.Single(await File.ReadAllLinesAsync(Path.Combine(_dir, CueComparisonLog.FileName)));
        using (var stored = JsonDocument.Parse(line))
        {
            Assert.Equal(["time", "label", "a", "b", "choice", "model_sha256"], stored.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(ClipFixtures.Model.Sha256, stored.RootElement.GetProperty("model_sha256").GetString());
            Assert.True((DateTimeOffset.UtcNow - DateTimeOffset.Parse(stored.RootElement.GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).Duration() < TimeSpan.FromMinutes(5));
        }

        using var list = JsonDocument.Parse(await _http.GetStringAsync("/api/cues/siren/comparison"));
        var c = Assert.Single(list.RootElement.EnumerateArray());
        Assert.Equal(Canonical(Designed), c.GetProperty("a").GetString());
        Assert.Equal("b", c.GetProperty("choice").GetString());
        using var none = JsonDocument.Parse(await _http.GetStringAsync("/api/cues/dog/comparison"));
        Assert.Equal(0, none.RootElement.GetArrayLength());

        using var badChoice = await _http.PostAsJsonAsync("/api/cues/siren/comparison", new { a = Designed, b, choice = "c" });
        await AssertOneLine(badChoice, HttpStatusCode.BadRequest, "choice must be a or b");
        using var badB = await _http.PostAsJsonAsync("/api/cues/siren/comparison", new { a = Designed, b = "Q", choice = "a" });
        await AssertOneLine(badB, HttpStatusCode.BadRequest, "b: pattern error");
        using var unknown = await _http.GetAsync("/api/cues/cat/comparison");
        await AssertOneLine(unknown, HttpStatusCode.BadRequest, "unknown label 'cat'");
        Assert.Single(await File.ReadAllLinesAsync(Path.Combine(_dir, CueComparisonLog.FileName)));
    }

    [Fact]
    public async Task A_kept_clip_is_served_and_anything_else_is_404()
    {
        using var r = await _http.GetAsync($"/api/clips/{_clipId}.wav");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("audio/wav", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(_clips!.Store.WavPath(_clipId)!), await r.Content.ReadAsByteArrayAsync());

        File.WriteAllText(Path.Combine(_dir, "secret.wav"), "not for the web");
        foreach (var path in new[] { "/api/clips/..%2Fsecret.wav", "/api/clips/%2E%2E%2F%2E%2E%2Fsecret.wav", "/api/clips/nope.wav", "/api/clips/last.wav", $"/api/clips/{_clipId}x.wav" })
        {
            using var refused = await _http.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.DoesNotContain("not for the web", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var nul = await _http.GetAsync($"/api/clips/{_clipId}%00.wav");
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
    }

    [Fact]
    public async Task Feedback_from_the_page_is_stored_beside_the_clip_through_the_feedback_handler()
    {
        using var r = await _http.PostAsJsonAsync("/api/feedback", new { clip_id = _clipId, verdict = "relabel", label = "doorbell" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using (var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_clips!.Store.Directory, _clipId + ".json"))))
        {
            var verdict = sidecar.RootElement.GetProperty("verdict");
            Assert.Equal("relabel", verdict.GetProperty("verdict").GetString());
            Assert.Equal("doorbell", verdict.GetProperty("label").GetString());
        }

        Assert.Equal(1, _clips.Feedback.Stored);
        using var malformed = await _http.PostAsJsonAsync("/api/feedback", new { clip_id = "../x", verdict = "confirm" });
        await AssertOneLine(malformed, HttpStatusCode.BadRequest, "\"clip_id\" must be a clip id");
        using var badVerdict = await _http.PostAsJsonAsync("/api/feedback", new { clip_id = _clipId, verdict = "maybe" });
        await AssertOneLine(badVerdict, HttpStatusCode.BadRequest, "\"verdict\" must be one of confirm, false_alarm, relabel");
        using var unknown = await _http.PostAsJsonAsync("/api/feedback", new { clip_id = "20260101-000000-000-cat", verdict = "confirm" });
        await AssertOneLine(unknown, HttpStatusCode.NotFound, "unknown clip '20260101-000000-000-cat'");
        Assert.Equal(3, _clips.Feedback.Refused);
    }

    /// <summary>The canonical text (<see cref="CuePattern.ToText"/>) the daemon stores and lists.</summary>
    private static string Canonical(string pattern) => PatternParser.Parse(pattern).ToText();

    private static CueLibrary ConfiguredLibrary()
    {
        var options = new CueOptions();
        options.Classes["dog"] = new CueClassOptions { Pattern = Configured };
        var errors = new List<string>();
        var library = CueLibrary.Load(options, errors);
        Assert.Empty(errors);
        return library;
    }

    private static async Task<string> AssertOneLine(HttpResponseMessage r, HttpStatusCode status, string start)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.Equal(status, r.StatusCode);
        Assert.StartsWith(start, body, StringComparison.Ordinal);
        Assert.Single(body.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return body;
    }

    private sealed class SingleLoggerFactory(RecordingLogger log) : Microsoft.Extensions.Logging.ILoggerFactory
    {
        public void AddProvider(Microsoft.Extensions.Logging.ILoggerProvider provider)
        {
        }

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => log;

        public void Dispose()
        {
        }
    }
}
