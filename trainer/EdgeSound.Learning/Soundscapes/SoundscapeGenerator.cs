namespace EdgeSound.Learning.Soundscapes;

/// <summary>A sound to place in a soundscape: its label, where it came from and its 16 kHz samples.</summary>
public sealed record SourceClip(string Label, string FileName, float[] Samples);

/// <summary>One placed event: the label and where its audible part lies in the soundscape, in seconds.</summary>
public sealed record SoundscapeEvent(string Label, string SourceFile, double Onset, double Offset, double SnrDb);

/// <summary>A generated soundscape: 16 kHz mono samples and the ground truth.</summary>
public sealed record Soundscape(int SampleRate, float[] Samples, IReadOnlyList<SoundscapeEvent> Events);

/// <summary>Parameters of <see cref="SoundscapeGenerator"/>.</summary>
public sealed record SoundscapeOptions
{
    public double DurationSeconds { get; init; } = 600;

    /// <summary>Mean events per minute (gaps are exponential, at least <see cref="MinGapSeconds"/>).</summary>
    public double EventsPerMinute { get; init; } = 4;

    public double MinGapSeconds { get; init; } = 2;
    public double MinSnrDb { get; init; } = 0;
    public double MaxSnrDb { get; init; } = 20;

    /// <summary>Background RMS level in dBFS.</summary>
    public double BackgroundDbfs { get; init; } = -50;

    public int Seed { get; init; } = 1;

    /// <summary>Longest soundscape: 4 h, 230 M samples, about 0.9 GB per float array held while mixing.</summary>
    public const double MaxDurationSeconds = 14400;

    public void Validate()
    {
        if (!(DurationSeconds >= 5 && DurationSeconds <= MaxDurationSeconds))
        {
            throw new ArgumentException($"duration must be between 5 and {MaxDurationSeconds} s (4 h; a soundscape is held in memory), got {DurationSeconds}");
        }

        if (!(EventsPerMinute > 0 && EventsPerMinute <= 60))
        {
            throw new ArgumentException($"event rate must be in (0,60] per minute, got {EventsPerMinute}");
        }

        if (!(MinSnrDb <= MaxSnrDb))
        {
            throw new ArgumentException($"SNR range is empty: {MinSnrDb}..{MaxSnrDb} dB");
        }

        if (!(BackgroundDbfs < 0 && BackgroundDbfs > -120))
        {
            throw new ArgumentException($"background level must be in (-120,0) dBFS, got {BackgroundDbfs}");
        }

        if (!(MinGapSeconds >= 0))
        {
            throw new ArgumentException($"minimum gap must be >= 0 s, got {MinGapSeconds}");
        }
    }
}

/// <summary>
/// Mixes clips over a background into one long soundscape with its ground truth: events follow a Poisson process
/// (never overlapping), each clip trimmed to its audible part (ESC-50 pads with digital silence) and scaled to a
/// random SNR against the background RMS. Deterministic for a seed.
/// </summary>
public static class SoundscapeGenerator
{
    public const int SampleRate = 16000;

    /// <param name="background">The background, at least as long as the soundscape (see <see cref="NoiseGenerator"/> or <see cref="LoopAmbience"/>).</param>
    public static Soundscape Generate(SoundscapeOptions o, IReadOnlyList<SourceClip> clips, float[] background)
    {
        o.Validate();
        if (clips.Count == 0)
        {
            throw new ArgumentException("no clips to place", nameof(clips));
        }

        var total = (int)(o.DurationSeconds * SampleRate);
        if (background.Length < total)
        {
            throw new ArgumentException($"background has {background.Length} samples, the soundscape needs {total}", nameof(background));
        }

        var rng = new Random(o.Seed);
        var mix = background.AsSpan(0, total).ToArray();
        var backgroundRms = NoiseGenerator.Rms(mix);
        var events = new List<SoundscapeEvent>();
        var meanGap = 60.0 / o.EventsPerMinute;
        var t = o.MinGapSeconds + (-Math.Log(1 - rng.NextDouble()) * meanGap);
        while (true)
        {
            var clip = clips[rng.Next(clips.Count)];
            var (first, last) = AudibleSpan(clip.Samples);
            if (last <= first)
            {
                t += o.MinGapSeconds;
                continue;
            }

            var length = last - first;
            if ((t * SampleRate) + length > total)
            {
                break;
            }

            var start = (int)(t * SampleRate);

            var snr = o.MinSnrDb + (rng.NextDouble() * (o.MaxSnrDb - o.MinSnrDb));
            var part = clip.Samples.AsSpan(first, length);
            var rms = NoiseGenerator.Rms(part);
            var gain = (float)(backgroundRms * Math.Pow(10, snr / 20) / Math.Max(rms, 1e-9));
            for (var i = 0; i < length; i++)
            {
                mix[start + i] += gain * part[i];
            }

            events.Add(new SoundscapeEvent(clip.Label, clip.FileName, start / (double)SampleRate, (start + length) / (double)SampleRate, snr));
            t = ((start + length) / (double)SampleRate) + o.MinGapSeconds + (-Math.Log(1 - rng.NextDouble()) * meanGap);
        }

        for (var i = 0; i < mix.Length; i++)
        {
            mix[i] = Math.Clamp(mix[i], -1f, 1f);
        }

        return new Soundscape(SampleRate, mix, events);
    }

    /// <summary>
    /// First and last+1 sample of the audible part: 10 ms blocks whose RMS is within 50 dB of the clip's loudest block
    /// (and above digital silence).
    /// </summary>
    public static (int First, int End) AudibleSpan(ReadOnlySpan<float> x)
    {
        const int block = SampleRate / 100;
        var blocks = x.Length / block;
        if (blocks == 0)
        {
            return (0, x.Length);
        }

        var energy = new double[blocks];
        double max = 0;
        for (var b = 0; b < blocks; b++)
        {
            double s = 0;
            foreach (var v in x.Slice(b * block, block))
            {
                s += v * (double)v;
            }

            energy[b] = s / block;
            max = Math.Max(max, energy[b]);
        }

        var floor = Math.Max(max * 1e-5, 1e-10);
        var first = Array.FindIndex(energy, e => e > floor);
        var last = Array.FindLastIndex(energy, e => e > floor);
        return first < 0 ? (0, 0) : (first * block, Math.Min(x.Length, (last + 1) * block));
    }

    /// <summary>Loops ambience clips (each trimmed to its audible part, 50 ms cross-fades) to <paramref name="samples"/>, at <paramref name="rmsDbfs"/>.</summary>
    public static float[] LoopAmbience(IReadOnlyList<float[]> clips, int samples, double rmsDbfs, Random rng)
    {
        const int fade = SampleRate / 20;
        var usable = new List<(float[] Clip, int First, int End)>();
        foreach (var c in clips)
        {
            var (first, end) = AudibleSpan(c);
            if (end - first >= 4 * fade)
            {
                usable.Add((c, first, end));
            }
        }

        if (usable.Count == 0)
        {
            throw new ArgumentException("no ambience clip has at least 0.2 s of sound", nameof(clips));
        }

        var y = new float[samples];
        var pos = 0;
        while (pos < samples)
        {
            var (c, first, end) = usable[rng.Next(usable.Count)];
            var part = c.AsSpan(first, end - first);

            var rms = NoiseGenerator.Rms(part);
            var start = Math.Max(0, pos - fade);
            for (var i = 0; i < part.Length && start + i < samples; i++)
            {
                var w = i < fade ? i / (float)fade : i >= part.Length - fade ? (part.Length - i) / (float)fade : 1f;
                y[start + i] += (float)(part[i] / Math.Max(rms, 1e-9)) * w;
            }

            pos = start + part.Length;
        }

        NoiseGenerator.ScaleToRms(y, rmsDbfs);
        return y;
    }
}
