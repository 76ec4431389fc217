using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using EdgeSound.Daemon.Events;
using EdgeSound.Daemon.Mqtt;
using EdgeSound.Inference;
using EdgeSound.Tests.Shared;
using MQTTnet;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.EndToEnd;

/// <summary>The daemon as a process, on the stand-in model: command line, events, exit codes, signals, ALSA, MQTT, systemd.</summary>
public sealed class DaemonProcessTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly string _model;
    private readonly List<IDisposable> _cleanup = [];

    public DaemonProcessTests(ITestOutputHelper output)
    {
        _output = output;
        _model = LoudnessModel.Write(_dir);
    }

    public void Dispose()
    {
        foreach (var d in _cleanup)
        {
            d.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private string TwoTonesWav(int rate = 44100) =>
        TestAudio.WriteWav(Path.Combine(_dir, $"two-tones-{rate}.wav"), TestAudio.NoiseWithTones(20, [(3, 2), (12, 3)], rate), rate);

    private string[] Args(string input, params string[] more) =>
        ["--input", input, "--speed", "max", "--model", _model, "--set", $"state_dir={Path.Combine(_dir, "state")}", "--set", "detection:include:0=tone", .. more];

    [Fact]
    public void File_input_prints_one_event_per_tone_and_exits_0_identically_twice()
    {
        var wav = TwoTonesWav();
        var first = DaemonProcess.Run(Args(wav, "--events", "-"));
        _output.WriteLine(first.Stderr);
        Assert.Equal(0, first.Code);
        var lines = first.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var events = lines.Select(EventJson.Parse).ToList();
        Assert.All(events, e => Assert.Equal("tone", e.Label));
        Assert.InRange(events[0].StartSeconds, 2.4, 3.1);
        Assert.InRange(events[0].EndSeconds, 4.9, 6.1);
        Assert.InRange(events[1].StartSeconds, 11.4, 12.1);
        Assert.InRange(events[1].EndSeconds, 14.9, 16.1);
        Assert.All(events, e => Assert.InRange(e.LevelDbfs, -20, -10));
        // The 20 s recording ended when the file was last written: it began 20 s before.
        var expectedTime = new DateTimeOffset(File.GetLastWriteTimeUtc(wav), TimeSpan.Zero).AddSeconds(-20 + events[0].StartSeconds);
        Assert.InRange((events[0].Time - expectedTime).Duration().TotalMilliseconds, 0, 2);

        var second = DaemonProcess.Run(Args(wav, "--events", "-"));
        Assert.Equal(first.Stdout, second.Stdout);
    }

    /// <summary>
    /// The shipped model (ONNX Runtime) over the demo recording: one session scoring each window as it completes and
    /// two sessions scoring batches in parallel write byte-identical event files, so the file path's parallelism
    /// changes only the speed.
    /// </summary>
    [Fact]
    public void Shipped_model_writes_identical_demo_events_with_one_session_and_with_two()
    {
        var demo = RepoPaths.File("firmware/demo/demo.wav");
        string Events(int workers)
        {
            var path = Path.Combine(_dir, $"events-{workers}.jsonl");
            var run = DaemonProcess.Run(["--input", demo, "--speed", "max", "--set", $"state_dir={Path.Combine(_dir, "state")}",
                "--set", $"model_workers={workers}", "--events", path]);
            _output.WriteLine(run.Stderr);
            Assert.Equal(0, run.Code);
            Assert.Contains($"{workers} session(s)", run.Stderr, StringComparison.Ordinal);
            return File.ReadAllText(path);
        }

        var serial = Events(1);
        Assert.True(serial.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 4, "the demo should raise its events:\n" + serial);
        Assert.Equal(serial, Events(2));
    }

    [Fact]
    public void Clips_are_off_by_default_and_when_on_each_event_names_its_saved_clip()
    {
        var wav = TwoTonesWav();
        var clipsDir = Path.Combine(_dir, "clips");
        var off = DaemonProcess.Run(Args(wav, "--events", "-"));
        Assert.Equal(0, off.Code);
        Assert.DoesNotContain("\"clip\"", off.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(clipsDir));

        var on = DaemonProcess.Run(Args(wav, "--events", "-", "--set", "clips:enabled=true", "--set", $"clips:dir={clipsDir}",
            "--set", "clips:pre_roll_s=1.5", "--set", "clips:post_roll_s=0.5"));
        _output.WriteLine(on.Stderr);
        Assert.Equal(0, on.Code);
        var events = on.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(EventJson.Parse).ToList();
        Assert.Equal(2, events.Count);
        foreach (var e in events)
        {
            Assert.NotNull(e.Clip);
            var clip = EdgeSound.Dsp.Audio.WavReader.Read(Path.Combine(clipsDir, e.Clip + ".wav"));
            Assert.Equal(16000, clip.SampleRate);
            Assert.Equal((int)Math.Round((e.EndSeconds - e.StartSeconds + 2.0) * 16000), clip.Samples.Length, 1.0);
            using var sidecar = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(clipsDir, e.Clip + ".json")));
            Assert.Equal(e.StartSeconds - 1.5, sidecar.RootElement.GetProperty("clip_start_s").GetDouble(), 3);
            Assert.Equal("tone", sidecar.RootElement.GetProperty("label").GetString());
            Assert.NotEmpty(sidecar.RootElement.GetProperty("windows").EnumerateArray());
            Assert.Equal(64, sidecar.RootElement.GetProperty("model").GetProperty("sha256").GetString()!.Length);
        }

        Assert.Equal(4, Directory.EnumerateFiles(clipsDir).Count());
    }

    [Fact]
    public void The_models_own_thresholds_are_the_defaults_and_the_config_overrides_them()
    {
        var wav = TwoTonesWav();
        var model = LoudnessModel.Write(_dir, toneThreshold: 1.0);
        string[] Run(params string[] more) =>
            ["--input", wav, "--speed", "max", "--model", model, "--set", $"state_dir={Path.Combine(_dir, "state")}", "--set", "detection:include:0=tone", "--events", "-", .. more];

        var strict = DaemonProcess.Run(Run());
        _output.WriteLine(strict.Stderr);
        Assert.Equal(0, strict.Code);
        Assert.Contains("Model brings calibrated onset thresholds for 1 labels", strict.Stderr);
        Assert.Equal("", strict.Stdout.Trim());

        var overridden = DaemonProcess.Run(Run("--set", "detection:classes:tone:threshold=0.6"));
        Assert.Equal(0, overridden.Code);
        var events = overridden.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(EventJson.Parse).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("tone", e.Label));
    }

    [Fact]
    public void Events_file_gets_json_lines_stdout_stays_empty_and_a_missing_gpio_chip_is_only_a_warning()
    {
        var events = Path.Combine(_dir, "out", "events.jsonl");
        var run = DaemonProcess.Run(Args(TwoTonesWav(16000), "--events", events, "--set", "gpio:chip=gpiochip9", "--set", "gpio:led_line=17"));
        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Stdout);
        Assert.Equal(2, File.ReadAllLines(events).Length);
        Assert.Contains("Detected tone", run.Stderr);
        Assert.Contains("GPIO disabled: GPIO chip 'gpiochip9' cannot be opened", run.Stderr);
        Assert.Matches(@"\(driver: libgpiod v[12] \(libgpiod\.so\.[23], LibGpiod(V2)?Driver\)\)", run.Stderr);
    }

    [Fact]
    public void Bad_configuration_exits_2_naming_the_key_before_any_audio()
    {
        var config = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(config, "detection:\n  classes:\n    tone:\n      threshold: 1.5\n");
        var run = DaemonProcess.Run(Args(TwoTonesWav(16000), "--config", config));
        _output.WriteLine(run.Stderr);
        Assert.Equal(2, run.Code);
        Assert.Equal($"edgesound: configuration error: {config}:4:18: detection:classes:tone:threshold must be a number in (0,1], got '1.5'", run.Stderr);

        File.WriteAllText(config, "detection:\n  treshold: 0.5\n");
        run = DaemonProcess.Run(Args(TwoTonesWav(16000), "--config", config));
        Assert.Equal(2, run.Code);
        Assert.Equal($"edgesound: configuration error: {config}:2:3: unknown key detection:treshold; did you mean detection:threshold?", run.Stderr);

        File.WriteAllText(config, "detection:\n  exclude: [rain, clock_tick\n  threshold: 0.6\n");
        run = DaemonProcess.Run(Args(TwoTonesWav(16000), "--config", config));
        Assert.Equal(2, run.Code);
        Assert.Equal($"edgesound: configuration error: {config}:2:12: YAML syntax error: the '[' here is not closed by ']' before the next key", run.Stderr);

        var notADirectory = Path.Combine(_dir, "plain-file");
        File.WriteAllText(notADirectory, "");
        run = DaemonProcess.Run(Args(TwoTonesWav(16000), "--set", "detection:exclude=dog", "--set", $"logging:file={notADirectory}/edgesound.log"));
        Assert.Equal(2, run.Code);
        Assert.Equal("edgesound: configuration error: --set: detection:exclude must be a list, e.g. [a, b], got 'dog'", run.Stderr);
        run = DaemonProcess.Run(Args(TwoTonesWav(16000), "--set", $"logging:file={notADirectory}/edgesound.log"));
        Assert.Equal(2, run.Code);
        Assert.Equal($"edgesound: configuration error: logging:file: cannot write '{notADirectory}/edgesound.log': {notADirectory} is a file, not a directory", run.Stderr);

        File.WriteAllText(config, "mqtt:\n  event_types: [dragon]\n");
        run = DaemonProcess.Run(Args(TwoTonesWav(16000), "--config", config));
        Assert.Equal(2, run.Code);
        Assert.Contains("edgesound: configuration error: mqtt:event_types:0: the model has no label 'dragon'", run.Stderr);

        run = DaemonProcess.Run(Args(TwoTonesWav(16000), "--set", "detection:exclude=[tnoe]"));
        Assert.Equal(2, run.Code);
        Assert.Contains("edgesound: configuration error: detection:exclude:0: the model has no label 'tnoe'; did you mean tone?", run.Stderr);
    }

    [Fact]
    public void Missing_model_and_missing_input_are_named()
    {
        var run = DaemonProcess.Run(["--input", TwoTonesWav(16000), "--model", Path.Combine(_dir, "nope.onnx")]);
        Assert.Equal(2, run.Code);
        Assert.Contains("nope.onnx", run.Stderr);
        run = DaemonProcess.Run(Args(Path.Combine(_dir, "missing.wav")));
        Assert.Equal(2, run.Code);
        Assert.Equal($"edgesound: input error: {Path.Combine(_dir, "missing.wav")}: file not found", run.Stderr.Trim());
    }

    [Fact]
    public void A_model_with_a_flipped_weight_is_refused_with_both_hashes_unless_allowed()
    {
        var bytes = File.ReadAllBytes(_model);
        var recorded = ModelDigest.Of(bytes).Recorded!;
        // The stand-in's Gemm weight [2, 0] is stored raw: flip one bit of the 2.
        var weight = bytes.AsSpan().IndexOf(BitConverter.GetBytes(2f));
        Assert.True(weight > 0);
        bytes[weight + 1] ^= 0x01;
        var flipped = Path.Combine(_dir, "flipped.onnx");
        File.WriteAllBytes(flipped, bytes);
        var computed = ModelDigest.Of(bytes).Computed;
        string[] args = ["--input", TwoTonesWav(16000), "--speed", "max", "--model", flipped, "--set", $"state_dir={Path.Combine(_dir, "state")}"];

        var run = DaemonProcess.Run(args);
        _output.WriteLine(run.Stderr);
        Assert.Equal(2, run.Code);
        Assert.Contains(flipped, run.Stderr);
        Assert.Contains(recorded, run.Stderr);
        Assert.Contains(computed, run.Stderr);
        Assert.DoesNotContain("Listening", run.Stderr);

        run = DaemonProcess.Run([.. args, "--set", "allow_unverified_model=true"]);
        Assert.Equal(0, run.Code);
        Assert.Contains("is unverified", run.Stderr);
    }

    [Fact]
    public void Sighup_is_ignored_with_one_line_and_the_stream_runs_on_to_its_end()
    {
        using var d = DaemonProcess.Start(Args("-", "--events", "-"), stdin: true);
        d.StandardInput.BaseStream.Write(new byte[16000 * 2]);
        d.StandardInput.BaseStream.Flush();
        Assert.True(d.WaitForLog("Pipeline:", TimeSpan.FromSeconds(30)), d.Stderr);

        d.Hangup();

        Assert.True(d.WaitForLog("SIGHUP ignored: there is nothing to reload", TimeSpan.FromSeconds(10)), d.Stderr);
        Assert.False(d.HasExited, d.Stderr);
        d.StandardInput.BaseStream.Write(new byte[16000 * 2]);
        d.StandardInput.Close();
        Assert.True(d.WaitForExit(TimeSpan.FromSeconds(30)), d.Stderr);
        _output.WriteLine(d.Stderr);
        Assert.Equal(0, d.ExitCode);
        Assert.Contains("End of input stdin after 2.0 s of audio", d.Stderr);
    }

    [Fact]
    public void Sigterm_stops_a_live_stream_within_two_seconds_with_exit_0()
    {
        using var d = DaemonProcess.Start(Args("-", "--events", "-"), stdin: true);
        var pcm = new byte[16000 * 2];
        var tone = TestAudio.NoiseWithTones(1, [(0, 1)]);
        for (var i = 0; i < tone.Length; i++)
        {
            BitConverter.TryWriteBytes(pcm.AsSpan(i * 2), (short)(tone[i] * 32767));
        }

        for (var s = 0; s < 3; s++)
        {
            d.StandardInput.BaseStream.Write(pcm);
        }

        d.StandardInput.BaseStream.Flush();
        Assert.True(d.WaitForLog("Pipeline:", TimeSpan.FromSeconds(30)), d.Stderr);
        Thread.Sleep(500);
        var clock = Stopwatch.StartNew();
        d.Terminate();
        Assert.True(d.WaitForExit(TimeSpan.FromSeconds(10)), "daemon ignored SIGTERM");
        _output.WriteLine($"stopped {clock.Elapsed.TotalMilliseconds:0} ms after SIGTERM\n{d.Stderr}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"stop took {clock.Elapsed.TotalSeconds:0.00} s");
        Assert.Equal(0, d.ExitCode);
    }

    [Fact]
    public void Alsa_file_plugin_capture_detects_the_replayed_tone()
    {
        var raw = Path.Combine(_dir, "capture.raw");
        var audio = TestAudio.NoiseWithTones(8, [(2, 2)], 48000);
        var bytes = new byte[audio.Length * 2];
        for (var i = 0; i < audio.Length; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * 2), (short)(audio[i] * 32767));
        }

        File.WriteAllBytes(raw, bytes);
        var conf = Path.Combine(_dir, "asound.conf");
        File.WriteAllText(conf, File.ReadAllText("/usr/share/alsa/alsa.conf") +
            $"\npcm.replay {{ type file slave.pcm \"null\" file \"/dev/null\" infile \"{raw}\" format \"raw\" }}\n");
        var events = Path.Combine(_dir, "alsa-events.jsonl");
        using var d = DaemonProcess.Start(
            Args("replay", "--events", events, "--set", "audio:sample_rate=48000", "--set", "audio:period_ms=20"),
            new Dictionary<string, string> { ["ALSA_CONFIG_PATH"] = conf });
        Assert.True(SpinWait.SpinUntil(() => File.Exists(events) && File.ReadAllText(events).Length > 0, TimeSpan.FromSeconds(30)),
            "no event from the ALSA replay device:\n" + d.Stderr);
        d.Terminate();
        Assert.True(d.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, d.ExitCode);
        Assert.Contains("Capturing from ALSA replay", d.Stderr);
        var e = EventJson.Parse(File.ReadAllLines(events)[0]);
        Assert.Equal("tone", e.Label);
        Assert.InRange(e.StartSeconds, 1.4, 2.2);
    }

    [Fact]
    public void Missing_alsa_device_is_retried_with_back_off_without_exiting()
    {
        using var d = DaemonProcess.Start(Args("no_such_device_es", "--set", "audio:reopen_min_s=0.1", "--set", "audio:reopen_max_s=0.2"));
        Assert.True(d.WaitForLog("(attempt 3)", TimeSpan.FromSeconds(30)), d.Stderr);
        Assert.False(d.HasExited);
        d.Terminate();
        Assert.True(d.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, d.ExitCode);
    }

    [Fact]
    public void Systemd_gets_ready_status_and_watchdog_pings()
    {
        var socketPath = Path.Combine(_dir, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        socket.ReceiveTimeout = 200;
        using var d = DaemonProcess.Start(Args("-"), new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath, ["WATCHDOG_USEC"] = "1000000" }, stdin: true);
        var messages = new List<string>();
        var buffer = new byte[4096];
        var clock = Stopwatch.StartNew();
        var silence = new byte[3200];
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && !(messages.Contains("READY=1") && messages.Count(m => m == "WATCHDOG=1") >= 2))
        {
            d.StandardInput.BaseStream.Write(silence);
            d.StandardInput.BaseStream.Flush();
            try
            {
                var n = socket.Receive(buffer);
                messages.Add(Encoding.UTF8.GetString(buffer, 0, n));
            }
            catch (SocketException)
            {
            }
        }

        d.Terminate();
        Assert.True(d.WaitForExit(TimeSpan.FromSeconds(5)));
        while (true)
        {
            try
            {
                var n = socket.Receive(buffer);
                messages.Add(Encoding.UTF8.GetString(buffer, 0, n));
            }
            catch (SocketException)
            {
                break;
            }
        }

        _output.WriteLine(string.Join(" | ", messages));
        Assert.Contains("READY=1", messages);
        Assert.Contains(messages, m => m.StartsWith("STATUS=", StringComparison.Ordinal) && m.Contains("windows", StringComparison.Ordinal));
        Assert.True(messages.Count(m => m == "WATCHDOG=1") >= 2, "expected watchdog pings");
        Assert.Contains("STOPPING=1", messages);
    }

    [Fact]
    public void A_microphone_being_reopened_keeps_the_watchdog_fed_even_with_back_off_longer_than_its_timeout()
    {
        var socketPath = Path.Combine(_dir, "notify-reopen.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        socket.ReceiveTimeout = 200;
        using var d = DaemonProcess.Start(
            Args("no_such_device_es", "--set", "audio:reopen_min_s=2", "--set", "audio:reopen_max_s=3"),
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath, ["WATCHDOG_USEC"] = "1000000" });
        Assert.True(d.WaitForLog("(attempt 2)", TimeSpan.FromSeconds(60)), d.Stderr);
        while (true)
        {
            try
            {
                socket.Receive(new byte[4096]);
            }
            catch (SocketException)
            {
                break;
            }
        }

        var pings = 0;
        var buffer = new byte[4096];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(4))
        {
            try
            {
                var n = socket.Receive(buffer);
                pings += Encoding.UTF8.GetString(buffer, 0, n) == "WATCHDOG=1" ? 1 : 0;
            }
            catch (SocketException)
            {
            }
        }

        d.Terminate();
        Assert.True(d.WaitForExit(TimeSpan.FromSeconds(5)));
        _output.WriteLine(d.Stderr);
        Assert.True(pings >= 4, $"{pings} watchdog pings in 4 s while the microphone was being reopened");
        var reopening = d.Stderr[d.Stderr.IndexOf("(attempt 2)", StringComparison.Ordinal)..];
        Assert.DoesNotContain("Withholding the watchdog ping", reopening);
    }

    [Fact]
    public void A_run_with_discovery_off_removes_the_entities_a_run_with_discovery_on_left_retained()
    {
        var broker = MosquittoBroker.Start();
        _cleanup.Add(broker);
        string[] mqtt = ["--mqtt", broker.Uri, "--set", "mqtt:device_id=gone", "--set", "mqtt:level_interval_s=0"];
        var on = DaemonProcess.Run(Args(TwoTonesWav(16000), mqtt));
        Assert.Equal(0, on.Code);
        Assert.Equal(4, RetainedConfigs(broker, "gone").Count);

        var off = DaemonProcess.Run(Args(TwoTonesWav(16000), [.. mqtt, "--set", "mqtt:discovery=false"]));
        _output.WriteLine(off.Stderr);
        Assert.Equal(0, off.Code);
        Assert.Empty(RetainedConfigs(broker, "gone"));
    }

    /// <summary>The discovery configs of <paramref name="deviceId"/> the broker holds retained: the broker sends them
    /// right after the subscription, so they are all in before a marker published afterwards arrives.</summary>
    private static List<string> RetainedConfigs(MosquittoBroker broker, string deviceId)
    {
        using var collector = MqttCollector.Start(broker.Host, broker.Port, "homeassistant/#");
        using var client = new MqttClientFactory().CreateMqttClient();
        client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port).WithClientId("marker").Build()).GetAwaiter().GetResult();
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("homeassistant/marker").WithPayload("m").Build()).GetAwaiter().GetResult();
        collector.WaitFor("homeassistant/marker", TimeSpan.FromSeconds(10));
        client.DisconnectAsync(new MqttClientDisconnectOptions()).GetAwaiter().GetResult();
        return [.. collector.Messages.Where(m => m.Retain && m.Topic.Contains($"/{deviceId}/", StringComparison.Ordinal)).Select(m => m.Topic)];
    }

    [Fact]
    public void Mqtt_run_publishes_discovery_and_the_events_then_exits_after_delivery()
    {
        var broker = MosquittoBroker.Start();
        _cleanup.Add(broker);
        using var collector = MqttCollector.Start(broker.Host, broker.Port, new[] { "homeassistant/#", "edgesound/#" });
        var run = DaemonProcess.Run(Args(TwoTonesWav(16000), "--mqtt", broker.Uri, "--set", "mqtt:device_id=e2e", "--set", "mqtt:level_interval_s=0"));
        _output.WriteLine(run.Stderr);
        Assert.Equal(0, run.Code);
        Assert.Contains("All alerts delivered (2 this run)", run.Stderr);
        // 4 discovery configs, 3 removals (the feedback entities: clips are off), online, 2 events on the entity topic,
        // the same 2 on the plain topic, offline.
        var messages = collector.WaitForCount(13, TimeSpan.FromSeconds(10));
        var events = messages.Where(m => m.Topic == "edgesound/e2e/event").ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal(events.Select(m => m.Text), messages.Where(m => m.Topic == "edgesound/e2e/detection").Select(m => m.Text));
        Assert.All(events, m => Assert.Equal(1, m.Qos));
        Assert.All(events, m => Assert.False(m.Retain));
        Assert.StartsWith("{\"event_type\":\"tone\"", events[0].Text);
        var discovery = messages.Single(m => m.Topic == "homeassistant/event/e2e/sound/config");
        Assert.Contains("\"event_types\":[\"tone\"]", discovery.Text);
        Assert.Contains(messages, m => m.Topic == "edgesound/e2e/availability" && m.Text == "offline");
    }

    [Fact]
    public void Event_types_declared_to_home_assistant_bound_what_its_entities_receive()
    {
        var broker = MosquittoBroker.Start();
        _cleanup.Add(broker);
        using var collector = MqttCollector.Start(broker.Host, broker.Port, new[] { "homeassistant/#", "edgesound/#" });
        var run = DaemonProcess.Run(Args(TwoTonesWav(16000), "--mqtt", broker.Uri, "--set", "mqtt:device_id=bound", "--set", "mqtt:level_interval_s=0",
            "--set", "mqtt:event_types:0=background"));
        _output.WriteLine(run.Stderr);
        Assert.Equal(0, run.Code);
        Assert.Contains("All alerts delivered (2 this run)", run.Stderr);
        var messages = collector.WaitForCount(10, TimeSpan.FromSeconds(10));
        var entity = DiscoveryPayloads.Parse(messages.Single(m => m.Topic == "homeassistant/event/bound/sound/config").Text);
        Assert.Equal(["background"], entity.GetProperty("event_types").EnumerateArray().Select(e => e.GetString()));
        var entityTopics = messages.Where(m => m.Topic.StartsWith("homeassistant/", StringComparison.Ordinal) && m.Topic.EndsWith("/config", StringComparison.Ordinal) && m.Payload.Length > 0)
            .Select(m => DiscoveryPayloads.Parse(m.Text).GetProperty("state_topic").GetString()).ToHashSet();
        Assert.DoesNotContain(messages, m => entityTopics.Contains(m.Topic) && m.Text.Contains("\"event_type\":\"tone\"", StringComparison.Ordinal));
        Assert.Equal(2, messages.Count(m => m.Topic == "edgesound/bound/detection" && EventJson.Parse(m.Text).Label == "tone"));
    }

    [Fact]
    public void Unknown_events_are_declared_to_home_assistant_and_published_beside_the_labels()
    {
        // A rule that calls every loud window whose top label is "tone" unknown: its centroid sits where tone never scores.
        float[] background = new float[2];
        OpenSetRule.Embed([0.01f, 0.99f], background);
        var rule = new OpenSetRule(OpenSetMethod.CentroidDistance, ["tone", "background"], [0.5, 100], [[-5f, 5f], background], 0.99);
        var model = LoudnessModel.Write(_dir, openSet: rule);
        var broker = MosquittoBroker.Start();
        _cleanup.Add(broker);
        using var collector = MqttCollector.Start(broker.Host, broker.Port, new[] { "homeassistant/#", "edgesound/#" });
        var args = Args(TwoTonesWav(16000), "--mqtt", broker.Uri, "--set", "mqtt:device_id=unk", "--set", "mqtt:level_interval_s=0",
            "--set", "detection:include:1=unknown", "--set", "detection:unknown:enabled=true");
        args[Array.IndexOf(args, "--model") + 1] = model;

        var run = DaemonProcess.Run(args);

        _output.WriteLine(run.Stderr);
        Assert.Equal(0, run.Code);
        Assert.Contains("Unknown-sound events on: centroid_distance rule of the model, 2 windows at or above -50 dBFS", run.Stderr);
        Assert.Contains("All alerts delivered (4 this run)", run.Stderr);
        var messages = collector.WaitForCount(16, TimeSpan.FromSeconds(10));
        var entity = DiscoveryPayloads.Parse(messages.Single(m => m.Topic == "homeassistant/event/unk/sound/config").Text);
        Assert.Equal(["tone", "unknown"], entity.GetProperty("event_types").EnumerateArray().Select(e => e.GetString()));
        var events = messages.Where(m => m.Topic == "edgesound/unk/event").Select(m => EventJson.Parse(m.Text)).ToList();
        Assert.Equal(["tone", "tone", "unknown", "unknown"], events.Select(e => e.Label).Order(StringComparer.Ordinal));
        foreach (var unknown in events.Where(e => e.Label == "unknown"))
        {
            Assert.Contains(events, e => e.Label == "tone" && Math.Abs(e.StartSeconds - unknown.StartSeconds) < 1.5);
        }
    }

    [Fact]
    public void Daemon_killed_with_alerts_queued_delivers_them_after_restart()
    {
        var broker = MosquittoBroker.Start();
        _cleanup.Add(broker);
        broker.Stop();
        var state = Path.Combine(_dir, "state");
        using (var first = DaemonProcess.Start(Args(TwoTonesWav(16000), "--mqtt", broker.Uri, "--set", "mqtt:device_id=crash", "--set", "mqtt:drain_timeout_s=600")))
        {
            Assert.True(first.WaitForLog("Input ended: waiting", TimeSpan.FromSeconds(60)), first.Stderr);
            first.Kill();
            _output.WriteLine(first.Stderr);
            Assert.Contains("waiting up to 600 s for the broker to take 2 queued alerts", first.Stderr);
        }

        Assert.True(File.Exists(Path.Combine(state, "outbox.journal")));
        broker.Restart();
        using var collector = MqttCollector.Start(broker.Host, broker.Port, new[] { "edgesound/crash/event" });
        var quiet = TestAudio.WriteWav(Path.Combine(_dir, "quiet.wav"), TestAudio.NoiseWithTones(3, []));
        var second = DaemonProcess.Run(Args(quiet, "--mqtt", broker.Uri, "--set", "mqtt:device_id=crash"));
        _output.WriteLine(second.Stderr);
        Assert.Equal(0, second.Code);
        Assert.Contains("2 alerts waiting from before the restart", second.Stderr);
        var events = collector.WaitForCount(2, TimeSpan.FromSeconds(10)).Select(m => EventJson.Parse(m.Text)).ToList();
        Assert.True(events[0].StartSeconds < events[1].StartSeconds, "queued alerts must arrive in order");
    }

    [Fact]
    public void Check_audio_reports_level_and_flags_a_dead_input()
    {
        var run = DaemonProcess.Run(["--check-audio", "--input", "null", "--set", "audio:check_seconds=0.5"]);
        Assert.Equal(0, run.Code);
        Assert.Contains("ALSA null: S16LE 1 ch 16000 Hz", run.Stdout);
        Assert.Contains("verdict: NO SIGNAL", run.Stdout);

        var wav = TestAudio.WriteWav(Path.Combine(_dir, "check.wav"), TestAudio.NoiseWithTones(2, [(0, 2)]));
        run = DaemonProcess.Run(["--check-audio", "--input", wav]);
        Assert.Equal(0, run.Code);
        Assert.Matches(@"level: -1[0-9]\.[0-9] dBFS RMS", run.Stdout);
        Assert.Contains("clipped samples: 0", run.Stdout);
    }

    [Fact]
    public void Mqtt_password_from_a_file_is_used_and_never_logged()
    {
        const string secret = "s3cret-Pa55word";
        var broker = MosquittoBroker.Start(new MosquittoBrokerOptions { Username = "edge", Password = secret });
        _cleanup.Add(broker);
        var passwordFile = Path.Combine(_dir, "mqtt-password");
        File.WriteAllText(passwordFile, secret + "\n");
        using var collector = MqttCollector.Start(broker.Host, broker.Port, "edge", secret, "edgesound/auth/event");
        var run = DaemonProcess.Run(Args(TwoTonesWav(16000), "--mqtt", broker.Uri, "--set", "mqtt:device_id=auth", "--set", $"mqtt:password_file={passwordFile}"));
        Assert.Equal(0, run.Code);
        Assert.Equal(2, collector.WaitForCount(2, TimeSpan.FromSeconds(10)).Count);
        Assert.DoesNotContain(secret, run.Stderr);
        Assert.Contains("mqtt://edge@127.0.0.1", run.Stderr);
    }

    public static TheoryData<string> UndeliverableBrokers => ["down", "not_authorized", "max_qos_0"];

    [Theory]
    [MemberData(nameof(UndeliverableBrokers))]
    public void A_file_run_whose_alerts_the_broker_did_not_take_exits_1_and_counts_them_in_the_last_line(string fault)
    {
        var broker = MosquittoBroker.Start(fault switch
        {
            "not_authorized" => new MosquittoBrokerOptions { Username = "edge", Password = "right-one" },
            "max_qos_0" => new MosquittoBrokerOptions { MaxQos = 0 },
            _ => null,
        });
        _cleanup.Add(broker);
        if (fault == "down")
        {
            broker.Stop();
        }

        var passwordFile = Path.Combine(_dir, "wrong-password");
        File.WriteAllText(passwordFile, "wrong-one\n");
        string[] credentials = fault == "not_authorized" ? ["--set", $"mqtt:password_file={passwordFile}"] : [];
        var run = DaemonProcess.Run(Args(TwoTonesWav(16000), ["--mqtt", broker.Uri, "--set", "mqtt:device_id=undelivered", "--set", "mqtt:drain_timeout_s=1", .. credentials]));

        _output.WriteLine(run.Stderr);
        Assert.Equal(1, run.Code);
        var last = run.Stderr.TrimEnd().Split('\n')[^1];
        Assert.Contains($"2 alerts were not delivered to the broker in this run (see above); they stay in the outbox {Path.Combine(_dir, "state", "outbox.journal")} for the next run: exit 1", last);
        Assert.Equal(2, Outbox.Open(Path.Combine(_dir, "state", "outbox.journal"), 10, OutboxFullPolicy.DropOldest).Count);
    }

    [Fact]
    public void Sigterm_with_an_alert_queued_says_it_stays_in_the_outbox_without_an_input_end_and_exits_0()
    {
        var broker = MosquittoBroker.Start();
        _cleanup.Add(broker);
        broker.Stop();
        using var d = DaemonProcess.Start(Args("-", "--mqtt", broker.Uri, "--set", "mqtt:device_id=stopped"), stdin: true);
        var tone = TestAudio.NoiseWithTones(10, [(1, 3)]);
        var pcm = new byte[tone.Length * 2];
        for (var i = 0; i < tone.Length; i++)
        {
            BitConverter.TryWriteBytes(pcm.AsSpan(i * 2), (short)(tone[i] * 32767));
        }

        d.StandardInput.BaseStream.Write(pcm);
        d.StandardInput.BaseStream.Flush();
        Assert.True(d.WaitForLog("Detected tone", TimeSpan.FromSeconds(30)), d.Stderr);
        d.Terminate();
        Assert.True(d.WaitForExit(TimeSpan.FromSeconds(10)), "daemon ignored SIGTERM");
        _output.WriteLine(d.Stderr);
        Assert.Equal(0, d.ExitCode);
        Assert.Contains("Stopping: 1 alerts not yet delivered; they stay in the outbox", d.Stderr);
        Assert.DoesNotContain("Input ended", d.Stderr);
        Assert.DoesNotContain("not delivered within", d.Stderr);
    }

    [Fact]
    public void A_run_with_clips_off_removes_the_feedback_entities_a_run_with_clips_on_left_retained()
    {
        var broker = MosquittoBroker.Start();
        _cleanup.Add(broker);
        string[] feedback = ["homeassistant/button/fb/confirm/config", "homeassistant/button/fb/false_alarm/config", "homeassistant/select/fb/relabel/config"];
        string[] mqtt = ["--mqtt", broker.Uri, "--set", "mqtt:device_id=fb", "--set", "mqtt:level_interval_s=0"];
        var on = DaemonProcess.Run(Args(TwoTonesWav(16000), [.. mqtt, "--set", "clips:enabled=true"]));
        Assert.Equal(0, on.Code);
        using (var before = MqttCollector.Start(broker.Host, broker.Port, new[] { "homeassistant/#" }))
        {
            before.WaitForCount(7, TimeSpan.FromSeconds(10));
            Assert.All(feedback, t => Assert.Contains(before.Messages, m => m.Topic == t && m.Retain && m.Payload.Length > 0));
        }

        var off = DaemonProcess.Run(Args(TwoTonesWav(16000), mqtt));
        _output.WriteLine(off.Stderr);
        Assert.Equal(0, off.Code);
        using var after = MqttCollector.Start(broker.Host, broker.Port, new[] { "homeassistant/#" });
        after.WaitForCount(4, TimeSpan.FromSeconds(10));
        MqttCollector.Pump(TimeSpan.FromSeconds(1));
        Assert.Equal(4, after.Messages.Count);
        Assert.DoesNotContain(after.Messages, m => feedback.Contains(m.Topic));
    }
}
