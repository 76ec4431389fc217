using System.Reflection;
using System.Security.Cryptography;
using EdgeSound.Daemon.Audio;
using EdgeSound.Daemon.Clips;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Cues;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Gpio;
using EdgeSound.Daemon.Hosting.Systemd;
using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Monitoring;
using EdgeSound.Daemon.Mqtt;
using EdgeSound.Daemon.Web;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Extensions.Logging;

namespace EdgeSound.Daemon.Hosting;

/// <summary>What the command line said (the options of <c>--help</c>, a fixed contract), before it is merged into the configuration.</summary>
/// <param name="PlayCue">Pattern text of <c>--play-cue</c>: play it and exit.</param>
/// <param name="SelfTest"><c>--self-test</c>: play a test cue, report whether the microphone heard it, exit.</param>
public sealed record CommandLineInputs(
    string? Input, string? Speed, string? Config, string? Model, string? Events, string? Mqtt, bool CheckAudio, IReadOnlyList<string> Set,
    string? PlayCue = null, bool SelfTest = false);

/// <summary>
/// Startup in the order that keeps failures early: configuration (file + overrides, unknown keys rejected, every
/// value checked, naming the key) -> logging -> input (a WAV header is checked here) -> model (labels checked against
/// the configuration) -> alert transport -> Generic Host with one <see cref="BackgroundService"/> per loop. Exit codes:
/// 0 done (a file input ended with every alert delivered, or the service was stopped), 1 runtime failure (a service
/// faulted, event records lost: event lines, outbox, history; or alerts still undelivered when the input ended), 2 bad configuration, model, input
/// or command line.
/// </summary>
public static class DaemonApp
{
    public static int Run(CommandLineInputs cli)
    {
        if (DaemonConfiguration.Load(cli, Console.Error, out var options) != 0)
        {
            return 2;
        }

        if (cli.PlayCue is { } cue)
        {
            return PlayCueCommand.Run(cue, options.Cues, Console.Out, Console.Error);
        }

        if (cli.SelfTest)
        {
            return SelfTest.Run(options, Console.Out, Console.Error);
        }

        var cueErrors = new List<string>();
        var cues = options.Cues.Enabled ? CueLibrary.Load(options.Cues, cueErrors) : CueLibrary.CreateEmpty();
        if (cueErrors.Count > 0)
        {
            foreach (var line in cueErrors)
            {
                Console.Error.WriteLine($"edgesound: configuration error: {line}");
            }

            return 2;
        }

        using var logger = Logging.Create(options.Logging);
        using var loggerFactory = new SerilogLoggerFactory(logger);
        var log = loggerFactory.CreateLogger("EdgeSound.Daemon");
        if (cli.CheckAudio)
        {
            return AudioCheck.Run(options, Console.Out, Console.Error);
        }

        IAudioSource source;
        try
        {
            source = CreateSource(options.Audio, loggerFactory);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"edgesound: input error: {e.Message}");
            return 2;
        }

        var modelPath = ModelLocator.Resolve(options.Model, AppContext.BaseDirectory);
        var scorers = new List<OnnxWindowScorer>();
        try
        {
            for (var i = ModelWorkers(options); i > 0; i--)
            {
                scorers.Add(new OnnxWindowScorer(SoundClassifier.Load(modelPath, ModelLoadOptions(options))));
            }
        }
        catch (ModelLoadException e)
        {
            log.LogError("Cannot load the model: {Reason}", e.Message);
            return 2;
        }

        try
        {
            return RunLoaded(options, source, scorers, modelPath, cues, logger, loggerFactory, log);
        }
        finally
        {
            foreach (var s in scorers)
            {
                s.Dispose();
            }
        }
    }

    private static int RunLoaded(DaemonOptions options, IAudioSource source, List<OnnxWindowScorer> scorers, string modelPath, CueLibrary cues, Serilog.ILogger logger, ILoggerFactory loggerFactory, Microsoft.Extensions.Logging.ILogger log)
    {
        var classifier = scorers[0].Classifier;
        if (!classifier.Digest.Matches)
        {
            log.LogWarning("Model {Model} is unverified: it records SHA-256 {Recorded}, its content hashes to {Computed}; loaded because allow_unverified_model is set",
                modelPath, classifier.Digest.Recorded ?? "none", classifier.Digest.Computed);
        }

        var labelErrors = DaemonOptionsValidator.CheckLabels(options, classifier.Labels);
        if (labelErrors.Count > 0)
        {
            foreach (var e in labelErrors)
            {
                Console.Error.WriteLine($"edgesound: configuration error: {e}");
            }

            return 2;
        }

        log.LogInformation("EdgeSound daemon {Version}: model {Model} ({Labels} labels, {Workers} session(s))", Version, modelPath, classifier.Labels.Length, scorers.Count);
        if (source is WavSource file && InputBandCheck.Shortfall(file.SampleRate, classifier.Frontend) is { } shortfall)
        {
            log.LogWarning("{Source}: {Shortfall}", source.Name, shortfall);
        }

        return RunHost(options, source, scorers, Path.GetFileName(modelPath), logger, loggerFactory, ModelSha256(modelPath), cues);
    }

    private static string ModelSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Runs the host over an already loaded scorer (also used by tests with a stand-in scorer); <paramref name="cues"/> null: none.</summary>
    /// <param name="modelSha256">SHA-256 of the model file, recorded in clip sidecars and cue comparisons.</param>
    public static int RunHost(DaemonOptions options, IAudioSource source, IReadOnlyList<IWindowScorer> scorers, string modelName, Serilog.ILogger logger, ILoggerFactory loggerFactory, string modelSha256 = "", CueLibrary? cues = null)
    {
        var log = loggerFactory.CreateLogger("EdgeSound.Daemon");
        var rules = DetectionRules.From(options.Detection, scorers[0].Labels, scorers[0].ClassThresholds, scorers[0].OpenSet);
        if (scorers[0].ClassThresholds.Count > 0)
        {
            log.LogInformation("Model brings calibrated onset thresholds for {Count} labels (detection:classes:<label>:threshold overrides them)", scorers[0].ClassThresholds.Count);
        }

        if (rules.Unknown is { } unknown)
        {
            log.LogInformation("Unknown-sound events on: {Method} rule of the model, {MinWindows} windows at or above {MinLevel} dBFS",
                OpenSetRule.MethodName(unknown.OpenSet.Method), unknown.MinWindows, unknown.MinLevelDbfs);
        }
        else if (scorers[0].OpenSet is null && options.Detection.Unknown.Enabled)
        {
            log.LogWarning("detection:unknown:enabled is true but the model carries no open-set rule (trainer openset --write): no unknown events");
        }

        Outbox? outbox = null;
        MqttLink? link = null;
        LevelStore? store = null;
        try
        {
            var clips = options.Clips.Enabled ? CreateClips(options, new ModelIdentity(modelSha256, scorers[0].Labels), loggerFactory) : null;
            if (options.Mqtt.Host.Length > 0)
            {
                (outbox, link) = CreateMqtt(options, rules, modelName, clips, loggerFactory);
            }
            else
            {
                log.LogInformation("No MQTT broker configured: events are logged{Events}", options.Events.File.Length > 0 ? " and written to " + options.Events.File : "");
            }

            var metrics = new DaemonMetrics(rules.Labels);
            var live = new LiveStream();
            var library = cues ?? CueLibrary.CreateEmpty();
            var designer = CueDesigner.Open(StateDirectory(options), library, rules.Labels, options.Cues.SampleRate, modelSha256, loggerFactory.CreateLogger<CueDesigner>());
            var timed = scorers.Select(s => (IWindowScorer)new TimedScorer(s, metrics.ObserveInference)).ToList();
            var runtime = new DaemonRuntime(source, timed, rules, options.Audio.QueueSeconds, outbox, link);
            var historyPath = Path.Combine(StateDirectory(options), "history.db");
            store = LevelStore.Open(historyPath, options.Levels.HistoryDays, loggerFactory.CreateLogger<LevelStore>());
            if (!store.Off)
            {
                log.LogInformation("History: events and level minutes are kept in {Path} (state_dir), which report --db reads", historyPath);
            }

            var feed = new LevelFeed();
            var queue = new HistoryQueue();
            metrics.BeforeScrape(() =>
            {
                metrics.Overruns.IncTo(runtime.Counters.Overruns);
                metrics.DroppedChunks.IncTo(runtime.Counters.DroppedChunks);
                metrics.OutboxDepth.Set(runtime.Outbox?.Count ?? 0);
                metrics.HistoryFaults.IncTo(store.Failures);
                metrics.HistoryDropped.IncTo(queue.Dropped + store.Lost);
                metrics.LiveDropped.IncTo(live.Dropped);
            });
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
            builder.Logging.ClearProviders();
            builder.Logging.AddSerilog(logger);
            builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(2));
            builder.Services.Configure<ConsoleLifetimeOptions>(c => c.SuppressStatusMessages = true);
            builder.Services.AddSingleton(Options.Create(options));
            builder.Services.AddSingleton(runtime);
            builder.Services.AddSingleton(runtime.Stats);
            var outcome = new RunOutcome();
            builder.Services.AddSingleton(outcome);
            builder.Services.AddSingleton(new AlertFeed());
            builder.Services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            if (clips is not null)
            {
                builder.Services.AddSingleton(clips);
            }

            builder.Services.AddSingleton(library);
            builder.Services.AddSingleton(new PlaybackGate());
            builder.Services.AddSingleton<SharedBuzzer>();
            builder.Services.AddSingleton(metrics);
            builder.Services.AddSingleton(store);
            builder.Services.AddSingleton(feed);
            builder.Services.AddSingleton(queue);
            var history = new LevelHistory(store, feed, options.Levels.CalibrationDb, TimeProvider.System);
            builder.Services.AddSingleton<ILevelHistory>(history);
            var recent = new RecentEvents();
            builder.Services.AddSingleton(recent);
            builder.Services.AddSingleton(live);
            builder.Services.AddSingleton(new DashboardSources(recent, history, live, metrics, rules, modelName, designer, clips));
            builder.Services.AddHostedService<SystemdService>();
            builder.Services.AddHostedService<MqttService>();
            builder.Services.AddHostedService<OutboxService>();
            builder.Services.AddHostedService<GpioService>();
            builder.Services.AddHostedService<MetricsService>();
            builder.Services.AddHostedService<WebService>();
            builder.Services.AddHostedService<SoundscapeService>();
            builder.Services.AddHostedService<AlertService>();
            builder.Services.AddHostedService<ClipWriterService>();
            builder.Services.AddHostedService<CueService>();
            builder.Services.AddHostedService<PipelineService>();
            builder.Services.AddHostedService<CaptureService>();
            using var host = builder.Build();
            var services = FaultedServices.Registered(host);
            using (HangupSignal.Ignore(log))
            {
                host.Run();
            }

            if (FaultedServices.Of(services) is { Count: > 0 } faulted && outcome.ExitCode == 0)
            {
                log.LogError("{Services} stopped with an error (see above): exit 1", string.Join(", ", faulted));
                outcome.Fail(1);
            }

            link?.Dispose();
            link = null;
            var waiting = outcome.InputEnded ? outbox?.Count ?? 0 : 0;
            var outboxPath = outbox?.Path;
            outbox?.Dispose();
            store.Dispose();
            var historyLost = store.LostEvents + queue.DroppedEvents;
            if (historyLost > 0)
            {
                log.LogError("{Lost} events could not be stored in the history {Path} (see above); the events file and MQTT were not held up by it",
                    historyLost, historyPath);
            }

            var lost = outcome.LostEventRecords + (outbox?.LostAtExit ?? 0) + historyLost;

            // Alerts the outbox held only in memory are lost (counted above), not kept for the next run.
            var undelivered = outbox?.LostAtExit > 0 ? 0 : waiting;
            outbox = null;
            if (outcome.InputFault is { } fault)
            {
                // Services log their stop after the fault; the line a reader looks at is the last one.
                log.LogError("Stopped: {Fault}: exit {Code}", fault, outcome.ExitCode);
            }

            if (outcome.ExitCode != 0 || (undelivered == 0 && lost == 0))
            {
                return outcome.ExitCode;
            }

            if (undelivered > 0)
            {
                log.LogError("{Undelivered} alerts were not delivered to the broker in this run (see above); they stay in the outbox {Path} for the next run: exit 1",
                    undelivered, outboxPath);
            }

            if (lost > 0)
            {
                log.LogError("{Lost} event records could not be kept in this run (see above): exit 1", lost);
            }

            return 1;
        }
        catch (ConfigException e)
        {
            log.LogError("Configuration error: {Error}", e.Message);
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            log.LogError("Startup failed: {Reason}", e.Message);
            return 1;
        }
        finally
        {
            link?.Dispose();
            outbox?.Dispose();
            store?.Dispose();
        }
    }

    /// <summary>How the daemon loads its model: <c>allow_unverified_model</c>, which the refusal of a model without a recorded SHA-256, or with one its bytes do not match, names.</summary>
    public static ModelLoadOptions ModelLoadOptions(DaemonOptions o) => new()
    {
        AllowUnverified = o.AllowUnverifiedModel,
        OverrideName = "allow_unverified_model: true in the config, or --set allow_unverified_model=true",
    };

    /// <summary>Model sessions: for a file at max speed <c>model_workers</c> (0: one per core); otherwise one.</summary>
    public static int ModelWorkers(DaemonOptions o) =>
        o.Audio.Speed != "max" || !File.Exists(o.Audio.Input) ? 1
        : o.ModelWorkers > 0 ? o.ModelWorkers
        : Environment.ProcessorCount;

    public static string Version => typeof(DaemonApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(DaemonApp).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>
    /// <c>-</c>: a WAV stream or raw PCM on stdin (<see cref="PipedInput"/>); an existing file: WAV (its header is read and checked now),
    /// or, when it cannot seek (a FIFO, <c>/dev/stdin</c>, <c>/dev/fd/N</c>), a stream read as <c>-</c> is (<see cref="StreamPath"/>); a directory: refused;
    /// a missing path (see <see cref="LooksLikePath"/>): refused; anything else: an ALSA device name. Refusals are
    /// <see cref="IOException"/>s whose message starts with the path and says why.
    /// </summary>
    public static IAudioSource CreateSource(AudioOptions a, ILoggerFactory loggers)
    {
        if (a.Input == "-")
        {
            if (StandardInput.IsClosed())
            {
                throw new IOException("-: stdin is closed (started with <&-?): give the daemon a pipe or a file on stdin");
            }

            return PipedInput.Open(Console.OpenStandardInput(), a, loggers);
        }

        if (Directory.Exists(a.Input))
        {
            throw new IOException($"{a.Input}: is a directory, not a WAV file or an ALSA device");
        }

        if (File.Exists(a.Input))
        {
            return StreamPath.Open(a, loggers);
        }

        if (LooksLikePath(a.Input))
        {
            throw new FileNotFoundException($"{a.Input}: file not found");
        }

        return new AlsaCaptureSource(a, loggers.CreateLogger<AlsaCaptureSource>());
    }

    /// <summary>
    /// A name that can only be a file: a WAV extension, or a slash without the colon of ALSA's <c>plugin:args</c>
    /// syntax (ALSA PCM names such as <c>default</c>, <c>hw:1,0</c> or <c>plughw:CARD=x</c> carry no bare slash).
    /// </summary>
    public static bool LooksLikePath(string input) =>
        input.EndsWith(".wav", StringComparison.OrdinalIgnoreCase) || input.EndsWith(".wave", StringComparison.OrdinalIgnoreCase)
        || (input.Contains('/', StringComparison.Ordinal) && !input.Contains(':', StringComparison.Ordinal));

    /// <summary>The state directory: <c>state_dir</c>, systemd's <c>$STATE_DIRECTORY</c>, <c>/var/lib/edgesound</c> if writable, else per user.</summary>
    public static string StateDirectory(DaemonOptions o)
    {
        if (o.StateDir.Length > 0)
        {
            return o.StateDir;
        }

        if (Environment.GetEnvironmentVariable("STATE_DIRECTORY") is { Length: > 0 } systemd)
        {
            return systemd.Split(':')[0];
        }

        const string system = "/var/lib/edgesound";
        if (Directory.Exists(system) && IsWritable(system))
        {
            return system;
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "edgesound");
    }

    private static bool IsWritable(string dir)
    {
        try
        {
            var probe = Path.Combine(dir, $".probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The clip folder: <c>clips:dir</c>, or <c>clips</c> in the state directory.</summary>
    public static string ClipDirectory(DaemonOptions o) => o.Clips.Dir.Length > 0 ? o.Clips.Dir : Path.Combine(StateDirectory(o), "clips");

    private static ClipKeeping CreateClips(DaemonOptions options, ModelIdentity model, ILoggerFactory loggers)
    {
        var c = options.Clips;
        var dir = ClipDirectory(options);
        var store = ClipStore.Open(dir, (long)(c.MaxMegabytes * 1e6), model);
        loggers.CreateLogger("EdgeSound.Daemon").LogInformation(
            "Event clips on: {Dir} ({Clips} clips, {Used:0.0} of {Budget:0.#} MB), {Pre:0.##} s pre-roll, {Post:0.##} s post-roll",
            dir, store.Ids.Count, store.Bytes / 1e6, c.MaxMegabytes, c.PreRollSeconds, c.PostRollSeconds);
        return new ClipKeeping(store, c, loggers);
    }

    private static (Outbox, MqttLink) CreateMqtt(DaemonOptions options, DetectionRules rules, string modelName, ClipKeeping? clips, ILoggerFactory loggers)
    {
        var m = options.Mqtt;
        var deviceId = m.DeviceId.Length > 0 ? m.DeviceId : TopicLayout.DefaultDeviceId(Environment.MachineName);
        var topics = new TopicLayout(m.BaseTopic, deviceId, m.DiscoveryPrefix);
        var eventTypes = new List<string>();
        if (m.EventTypes.Count > 0)
        {
            eventTypes.AddRange(m.EventTypes);
        }
        else
        {
            for (var i = 0; i < rules.Labels.Count; i++)
            {
                if (rules.Classes[i].Enabled)
                {
                    eventTypes.Add(rules.Labels[i]);
                }
            }

            if (rules.Unknown is not null)
            {
                eventTypes.Add(UnknownRule.Label);
            }
        }

        var device = new DeviceInfo(deviceId, m.DeviceName, "EdgeSound", $"EdgeSound sound classifier ({modelName})", Version);
        var discovery = m.Discovery ? DiscoveryPayloads.ForRun(topics, device, eventTypes, clips is null ? null : rules.Labels) : DiscoveryPayloads.Withdrawal(topics);

        IReadOnlyList<CommandTopic> commands = clips is null ? [] : [new CommandTopic(topics.Feedback, payload => clips.Feedback.Handle(payload, topics.Feedback, out _))];
        var path = m.Outbox.Path.Length > 0 ? m.Outbox.Path : Path.Combine(StateDirectory(options), "outbox.journal");
        var policy = m.Outbox.FullPolicy == "drop_newest" ? OutboxFullPolicy.DropNewest : OutboxFullPolicy.DropOldest;
        var outbox = Outbox.Open(path, m.Outbox.MaxEvents, policy, loggers.CreateLogger<Outbox>());
        loggers.CreateLogger("EdgeSound.Daemon").LogInformation(
            "Alerts go to MQTT {Broker} under {Base}/{Device}/ via outbox {Path} (max {Max}, {Policy})",
            $"{(m.Tls ? "mqtts" : "mqtt")}://{m.Host}:{m.Port}", m.BaseTopic, deviceId, path, m.Outbox.MaxEvents, m.Outbox.FullPolicy);
        try
        {
            var routing = new AlertRouting(topics, eventTypes);
            return (outbox, new MqttLink(MqttConnection.From(m, deviceId), topics, discovery, routing, outbox, loggers.CreateLogger<MqttLink>(), commands: commands));
        }
        catch
        {
            outbox.Dispose();
            throw;
        }
    }
}
