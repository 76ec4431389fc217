using Microsoft.Extensions.Configuration;

namespace EdgeSound.Daemon.Configuration;

/// <summary>
/// The daemon's whole configuration, bound from the config file (YAML or JSON, snake_case keys such as
/// <c>detection:hop_s</c>) plus command-line overrides. Defaults suit an indoor surveillance appliance:
/// quiet on background noise, no broker, no GPIO unless configured.
/// </summary>
public sealed class DaemonOptions
{
    [ConfigurationKeyName("audio")] public AudioOptions Audio { get; set; } = new();
    [ConfigurationKeyName("model")] public string Model { get; set; } = "";
    /// <summary>Load a model whose recorded SHA-256 (metadata <c>edgesound.content_sha256</c>) is missing or does not
    /// match its bytes (a hand-made model), with a warning naming both hashes. Off: such a model is refused (exit 2).</summary>
    [ConfigurationKeyName("allow_unverified_model")] public bool AllowUnverifiedModel { get; set; }
    /// <summary>Parallel model sessions (one thread each) for a file input at max speed; 0 = one per core. Live input uses one.</summary>
    [ConfigurationKeyName("model_workers")] public int ModelWorkers { get; set; }
    [ConfigurationKeyName("detection")] public DetectionOptions Detection { get; set; } = new();
    [ConfigurationKeyName("events")] public EventsOptions Events { get; set; } = new();
    [ConfigurationKeyName("clips")] public ClipsOptions Clips { get; set; } = new();
    [ConfigurationKeyName("mqtt")] public MqttOptions Mqtt { get; set; } = new();
    [ConfigurationKeyName("gpio")] public GpioOptions Gpio { get; set; } = new();
    [ConfigurationKeyName("cues")] public CueOptions Cues { get; set; } = new();
    [ConfigurationKeyName("logging")] public LoggingOptions Logging { get; set; } = new();
    [ConfigurationKeyName("levels")] public LevelsOptions Levels { get; set; } = new();
    [ConfigurationKeyName("metrics")] public MetricsOptions Metrics { get; set; } = new();
    [ConfigurationKeyName("web")] public WebOptions Web { get; set; } = new();
    /// <summary>Directory for state (the outbox, <c>history.db</c>); empty: systemd's <c>STATE_DIRECTORY</c> when set, else
    /// <c>/var/lib/edgesound</c> when writable, else <c>~/.local/share/edgesound</c>.</summary>
    [ConfigurationKeyName("state_dir")] public string StateDir { get; set; } = "";
}

public sealed class AudioOptions
{
    /// <summary>ALSA device name, a WAV file path, or <c>-</c> for stdin (a WAV stream, or raw PCM). Default: ALSA <c>default</c>.</summary>
    [ConfigurationKeyName("input")] public string Input { get; set; } = "default";
    /// <summary><c>max</c> (as fast as the pipeline runs) or <c>realtime</c>; only used for file input.</summary>
    [ConfigurationKeyName("speed")] public string Speed { get; set; } = "max";
    /// <summary>Capture rate: 16000, or 48000 (resampled to 16 kHz). Also the rate of raw stdin PCM.</summary>
    [ConfigurationKeyName("sample_rate")] public int SampleRate { get; set; } = 16000;
    /// <summary><c>s16_le</c>, <c>s32_le</c> (24-bit I2S MEMS microphones deliver samples left-justified in 32-bit words) or
    /// <c>s24_le</c> (24-bit samples in the low bits of 32-bit words, ALSA S24_LE: read as s32_le they are 48 dB too quiet).</summary>
    [ConfigurationKeyName("format")] public string Format { get; set; } = "s16_le";
    [ConfigurationKeyName("channels")] public int Channels { get; set; } = 1;
    /// <summary>Which interleaved channel carries the microphone (0-based).</summary>
    [ConfigurationKeyName("channel")] public int Channel { get; set; }
    [ConfigurationKeyName("gain_db")] public double GainDb { get; set; }
    [ConfigurationKeyName("dc_removal")] public bool DcRemoval { get; set; } = true;
    [ConfigurationKeyName("period_ms")] public int PeriodMs { get; set; } = 32;
    [ConfigurationKeyName("buffer_ms")] public int BufferMs { get; set; } = 512;
    /// <summary>Seconds of audio the capture -> pipeline channel holds; live input drops (and counts) beyond it.</summary>
    [ConfigurationKeyName("queue_s")] public double QueueSeconds { get; set; } = 10;
    [ConfigurationKeyName("reopen_min_s")] public double ReopenMinSeconds { get; set; } = 1;
    [ConfigurationKeyName("reopen_max_s")] public double ReopenMaxSeconds { get; set; } = 30;
    [ConfigurationKeyName("check_seconds")] public double CheckSeconds { get; set; } = 3;
}

public sealed class DetectionOptions
{
    /// <summary>Seconds between analysis windows (the window length is the model's).</summary>
    [ConfigurationKeyName("hop_s")] public double HopSeconds { get; set; } = 0.5;
    /// <summary>Scores are averaged over this many consecutive windows (1 = no smoothing).</summary>
    [ConfigurationKeyName("smoothing_windows")] public int SmoothingWindows { get; set; } = 3;
    /// <summary>Onset threshold on the smoothed score for labels the model brings no calibrated threshold for.</summary>
    [ConfigurationKeyName("threshold")] public double Threshold { get; set; } = 0.6;
    /// <summary>Default offset threshold (hysteresis): an event lasts while the smoothed score stays at or above it.</summary>
    [ConfigurationKeyName("offset_threshold")] public double OffsetThreshold { get; set; } = 0.25;
    [ConfigurationKeyName("min_duration_s")] public double MinDurationSeconds { get; set; } = 1.0;
    /// <summary>An event still active after this long is reported and closed, so alerts are never held back.</summary>
    [ConfigurationKeyName("max_duration_s")] public double MaxDurationSeconds { get; set; } = 10;
    [ConfigurationKeyName("cooldown_s")] public double CooldownSeconds { get; set; } = 3;
    /// <summary><c>end</c>: report an event when it ends (its full span); <c>onset</c>: as soon as it has lasted <c>min_duration_s</c> (sooner alerts, shorter <c>end_s</c>).</summary>
    [ConfigurationKeyName("report_at")] public string ReportAt { get; set; } = "end";
    /// <summary>An event may only start for the label with the highest smoothed score in that window (one sound, one label).</summary>
    [ConfigurationKeyName("top_label_only")] public bool TopLabelOnly { get; set; } = true;
    /// <summary>Windows quieter than this (RMS, dBFS) are not classified at all.</summary>
    [ConfigurationKeyName("gate_dbfs")] public double GateDbfs { get; set; } = -60;
    /// <summary>Only these labels raise events (empty: all labels).</summary>
    [ConfigurationKeyName("include")] public List<string> Include { get; set; } = [];
    /// <summary>These labels never raise events.</summary>
    [ConfigurationKeyName("exclude")] public List<string> Exclude { get; set; } = [];
    [ConfigurationKeyName("classes")] public Dictionary<string, ClassOptions> Classes { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Events labelled <c>unknown</c> for loud sounds that match none of the model's labels.</summary>
    [ConfigurationKeyName("unknown")] public UnknownOptions Unknown { get; set; } = new();
}

/// <summary>
/// <c>unknown</c> events (open-set rejection, the model's <c>edgesound.open_set</c> rule): raised when at least
/// <c>min_windows</c> consecutive windows at or above <c>min_level_dbfs</c> each match none of the labels well. A model
/// without the rule raises none whatever these say.
/// </summary>
public sealed class UnknownOptions
{
    /// <summary>Off by default: on known sounds the rule is sometimes wrong, and each such <c>unknown</c> is a false alarm.</summary>
    [ConfigurationKeyName("enabled")] public bool Enabled { get; set; }
    /// <summary>Consecutive unknown windows (one every <c>detection:hop_s</c>) before an event opens.</summary>
    [ConfigurationKeyName("min_windows")] public int MinWindows { get; set; } = 2;
    /// <summary>Windows quieter than this (RMS, dBFS) are never unknown: background hum matches no class either.</summary>
    [ConfigurationKeyName("min_level_dbfs")] public double MinLevelDbfs { get; set; } = -50;
}

/// <summary>Per-label overrides; unset values fall back to the detection defaults.</summary>
public sealed class ClassOptions
{
    [ConfigurationKeyName("threshold")] public double? Threshold { get; set; }
    [ConfigurationKeyName("offset_threshold")] public double? OffsetThreshold { get; set; }
    [ConfigurationKeyName("min_duration_s")] public double? MinDurationSeconds { get; set; }
    [ConfigurationKeyName("cooldown_s")] public double? CooldownSeconds { get; set; }
    /// <summary>Local-time span <c>HH:MM-HH:MM</c> during which this label raises no event (may wrap midnight).</summary>
    [ConfigurationKeyName("quiet_hours")] public string? QuietHours { get; set; }
}

public sealed class EventsOptions
{
    /// <summary>JSON-lines file for events, <c>-</c> for stdout, empty for none.</summary>
    [ConfigurationKeyName("file")] public string File { get; set; } = "";
}

/// <summary>
/// Event clips: off by default, because they record people's homes. When on, each event is saved as a 16 kHz 16-bit
/// WAV (pre-roll from a ring buffer) with a JSON sidecar of its scores, and the oldest clips go first beyond <c>max_mb</c>.
/// </summary>
public sealed class ClipsOptions
{
    [ConfigurationKeyName("enabled")] public bool Enabled { get; set; }
    /// <summary>Clip folder; empty: <c>&lt;state_dir&gt;/clips</c>.</summary>
    [ConfigurationKeyName("dir")] public string Dir { get; set; } = "";
    /// <summary>Seconds of audio kept before the event's start.</summary>
    [ConfigurationKeyName("pre_roll_s")] public double PreRollSeconds { get; set; } = 2;
    /// <summary>Seconds of audio kept after the event's end (the clip is written this long after the event ends).</summary>
    [ConfigurationKeyName("post_roll_s")] public double PostRollSeconds { get; set; } = 1;
    /// <summary>Disk budget of the clip folder in MB (10^6 bytes, WAV + sidecars).</summary>
    [ConfigurationKeyName("max_mb")] public double MaxMegabytes { get; set; } = 200;
}

public sealed class MqttOptions
{
    /// <summary>Broker host; empty disables MQTT (events are still logged).</summary>
    [ConfigurationKeyName("host")] public string Host { get; set; } = "";
    [ConfigurationKeyName("port")] public int Port { get; set; } = 1883;
    [ConfigurationKeyName("tls")] public bool Tls { get; set; }
    [ConfigurationKeyName("ca_file")] public string CaFile { get; set; } = "";
    /// <summary>Client certificate (PEM) for brokers that authenticate clients by certificate; needs <c>key_file</c>.</summary>
    [ConfigurationKeyName("cert_file")] public string CertFile { get; set; } = "";
    /// <summary>Private key (PEM, unencrypted) of <c>cert_file</c>.</summary>
    [ConfigurationKeyName("key_file")] public string KeyFile { get; set; } = "";
    [ConfigurationKeyName("username")] public string Username { get; set; } = "";
    /// <summary>File holding the password (first line). Never logged.</summary>
    [ConfigurationKeyName("password_file")] public string PasswordFile { get; set; } = "";
    /// <summary>Name of an environment variable holding the password. Never logged.</summary>
    [ConfigurationKeyName("password_env")] public string PasswordEnv { get; set; } = "";
    [ConfigurationKeyName("client_id")] public string ClientId { get; set; } = "";
    [ConfigurationKeyName("keepalive_s")] public int KeepAliveSeconds { get; set; } = 30;
    [ConfigurationKeyName("reconnect_min_s")] public double ReconnectMinSeconds { get; set; } = 1;
    [ConfigurationKeyName("reconnect_max_s")] public double ReconnectMaxSeconds { get; set; } = 60;
    [ConfigurationKeyName("base_topic")] public string BaseTopic { get; set; } = "edgesound";
    /// <summary>Device id in topics and discovery; empty: <c>edgesound-&lt;hostname&gt;</c>.</summary>
    [ConfigurationKeyName("device_id")] public string DeviceId { get; set; } = "";
    [ConfigurationKeyName("device_name")] public string DeviceName { get; set; } = "EdgeSound";
    [ConfigurationKeyName("discovery")] public bool Discovery { get; set; } = true;
    [ConfigurationKeyName("discovery_prefix")] public string DiscoveryPrefix { get; set; } = "homeassistant";
    /// <summary>Event types announced to Home Assistant (empty: the labels that can raise events).</summary>
    [ConfigurationKeyName("event_types")] public List<string> EventTypes { get; set; } = [];
    /// <summary>Seconds between sound-level reports (0: none).</summary>
    [ConfigurationKeyName("level_interval_s")] public double LevelIntervalSeconds { get; set; } = 10;
    /// <summary>At the end of a file input, how long to wait for queued alerts to be acknowledged.</summary>
    [ConfigurationKeyName("drain_timeout_s")] public double DrainTimeoutSeconds { get; set; } = 30;
    [ConfigurationKeyName("outbox")] public OutboxOptions Outbox { get; set; } = new();
}

public sealed class OutboxOptions
{
    /// <summary>Journal file; empty: <c>outbox.journal</c> in the state directory.</summary>
    [ConfigurationKeyName("path")] public string Path { get; set; } = "";
    [ConfigurationKeyName("max_events")] public int MaxEvents { get; set; } = 10000;
    /// <summary><c>drop_oldest</c> or <c>drop_newest</c> when <c>max_events</c> are waiting.</summary>
    [ConfigurationKeyName("full_policy")] public string FullPolicy { get; set; } = "drop_oldest";
}

public sealed class GpioOptions
{
    /// <summary>GPIO chip (e.g. <c>gpiochip0</c>); empty disables GPIO.</summary>
    [ConfigurationKeyName("chip")] public string Chip { get; set; } = "gpiochip0";
    /// <summary>LED line offset; -1: no LED.</summary>
    [ConfigurationKeyName("led_line")] public int LedLine { get; set; } = -1;
    [ConfigurationKeyName("led_active_low")] public bool LedActiveLow { get; set; }
    [ConfigurationKeyName("blink_ms")] public int BlinkMs { get; set; } = 150;
    /// <summary>Mute button line offset (to ground, pulled up); -1: no button. Press: mute/unmute local cues; hold: cue self-test.</summary>
    [ConfigurationKeyName("button_line")] public int ButtonLine { get; set; } = -1;
    [ConfigurationKeyName("mute_s")] public double MuteSeconds { get; set; } = 900;
    /// <summary>Button transitions closer than this are contact bounce and ignored, ms.</summary>
    [ConfigurationKeyName("debounce_ms")] public int DebounceMs { get; set; } = 50;
    /// <summary>Pressed this long, the button's gesture is a hold (cue self-test) instead of a press, ms.</summary>
    [ConfigurationKeyName("hold_ms")] public int HoldMs { get; set; } = 2000;
    /// <summary>Hardware PWM chip of the piezo buzzer (<c>/sys/class/pwm/pwmchipN</c>); -1: no buzzer.</summary>
    [ConfigurationKeyName("buzzer_pwm_chip")] public int BuzzerPwmChip { get; set; } = -1;
    /// <summary>PWM channel on that chip (with <c>dtoverlay=pwm,pin=13,func=4</c>: chip 0 channel 1 on GPIO 13; 18-21 carry I2S).</summary>
    [ConfigurationKeyName("buzzer_pwm_channel")] public int BuzzerPwmChannel { get; set; }
}

public sealed class LoggingOptions
{
    /// <summary>Verbose, Debug, Information, Warning, Error.</summary>
    [ConfigurationKeyName("level")] public string Level { get; set; } = "Information";
    /// <summary>Optional rolling log file (daily, 7 kept).</summary>
    [ConfigurationKeyName("file")] public string File { get; set; } = "";
}

public sealed class LevelsOptions
{
    /// <summary>dB SPL = dBFS + this offset (the microphone's calibration); unset: levels in dBFS only.</summary>
    [ConfigurationKeyName("calibration_db")] public double? CalibrationDb { get; set; }
    /// <summary>Days of per-minute levels, occupancy and events kept in <c>&lt;state_dir&gt;/history.db</c>.</summary>
    [ConfigurationKeyName("history_days")] public int HistoryDays { get; set; } = 30;
}

public sealed class MetricsOptions
{
    /// <summary><c>HOST:PORT</c> where prometheus-net's own listener serves <c>/metrics</c>; empty: off.</summary>
    [ConfigurationKeyName("listen")] public string Listen { get; set; } = "";
}

public sealed class WebOptions
{
    /// <summary><c>http://HOST:PORT</c> where the dashboard and its API listen; empty: off.</summary>
    [ConfigurationKeyName("listen")] public string Listen { get; set; } = "";
    /// <summary>Bearer token the dashboard and API require when set; required when <see cref="Listen"/> is beyond loopback.</summary>
    [ConfigurationKeyName("token")] public string Token { get; set; } = "";
}
