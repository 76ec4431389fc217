using Microsoft.Extensions.Configuration;

namespace EdgeSound.Daemon.Configuration;

/// <summary>
/// Cues: a short sound played on a speaker (ALSA playback) when an event of a mapped label is detected. The pattern
/// format is firmware/EdgeSound.Dsp/Synthesis/cue-patterns.md. A cue plays unless cues are disabled, the mute button
/// was pressed, the local time is in <see cref="QuietHours"/> or a rate limit holds it back; while it plays (plus
/// <see cref="TailSeconds"/>) the analysis windows that overlap it are not classified, so the device never detects its
/// own cue.
/// </summary>
public sealed class CueOptions
{
    /// <summary>Master switch; off: no cue plays (events are still reported).</summary>
    [ConfigurationKeyName("enabled")] public bool Enabled { get; set; } = true;
    /// <summary>Where cues sound: <c>speaker</c> (ALSA, <see cref="Device"/>), <c>buzzer</c> (the piezo on
    /// <c>gpio:buzzer_pwm_chip</c>) or <c>both</c>.</summary>
    [ConfigurationKeyName("output")] public string Output { get; set; } = "speaker";
    /// <summary>ALSA playback device, e.g. <c>default</c>, <c>plughw:0,0</c>.</summary>
    [ConfigurationKeyName("device")] public string Device { get; set; } = "default";
    /// <summary>Rate cues are rendered at, Hz (re-rendered at the device's rate when it takes another).</summary>
    [ConfigurationKeyName("sample_rate")] public int SampleRate { get; set; } = 16000;
    /// <summary>Least time between any two cues, seconds.</summary>
    [ConfigurationKeyName("rate_limit_s")] public double RateLimitSeconds { get; set; } = 5;
    /// <summary>Local-time span <c>HH:MM-HH:MM</c> during which no cue plays (may wrap midnight); empty: none.</summary>
    [ConfigurationKeyName("quiet_hours")] public string? QuietHours { get; set; }
    /// <summary>Seconds after a cue's end during which windows are still not classified: covers the capture
    /// buffer (<c>audio:buffer_ms</c>), the playback latency and room echo.</summary>
    [ConfigurationKeyName("tail_s")] public double TailSeconds { get; set; } = 1;
    /// <summary>Label -> its cue.</summary>
    [ConfigurationKeyName("classes")] public Dictionary<string, CueClassOptions> Classes { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One label's cue: <see cref="Pattern"/> text or a <see cref="File"/> holding it (one of the two).</summary>
public sealed class CueClassOptions
{
    /// <summary>Pattern text, e.g. <c>bpm=150 wave=square: C5/8 E5/8 G5/4</c>.</summary>
    [ConfigurationKeyName("pattern")] public string? Pattern { get; set; }
    /// <summary>A file whose text is the pattern (as <c>trainer cues</c> writes them).</summary>
    [ConfigurationKeyName("file")] public string? File { get; set; }
    /// <summary>Least time between two cues of this label, seconds.</summary>
    [ConfigurationKeyName("rate_limit_s")] public double RateLimitSeconds { get; set; } = 30;
}
