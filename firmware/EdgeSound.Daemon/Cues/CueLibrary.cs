using System.Collections.Immutable;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Synthesis;

namespace EdgeSound.Daemon.Cues;

/// <summary>
/// The cue of each mapped label (<c>cues:classes</c>), parsed from its pattern text or file and rendered once at
/// <c>cues:sample_rate</c> at start, so that a bad pattern, an unreadable file or a note the rate cannot carry stops
/// the run before the microphone opens, naming the key and the position. The dashboard's cue designer replaces a
/// label's cue while the daemon runs (<see cref="Set"/>): the next event of that label plays the new one. Thread-safe:
/// readers see one whole set of cues (copy on write).
/// </summary>
public sealed class CueLibrary
{
    private ImmutableDictionary<string, CuePattern> _patterns;

    private CueLibrary(ImmutableDictionary<string, CuePattern> patterns)
    {
        _patterns = patterns;
    }

    /// <summary>A library with no cues yet (cues disabled, or none configured).</summary>
    public static CueLibrary CreateEmpty() => new(ImmutableDictionary.Create<string, CuePattern>(StringComparer.Ordinal));

    /// <summary>Labels that have a cue.</summary>
    public IReadOnlyCollection<string> Labels => [.. Volatile.Read(ref _patterns).Keys];

    /// <summary>Loads every class's cue; each fault is one line added to <paramref name="errors"/> (the label is then left out).</summary>
    public static CueLibrary Load(CueOptions options, List<string> errors)
    {
        var patterns = new Dictionary<string, CuePattern>(StringComparer.Ordinal);
        foreach (var (label, c) in options.Classes)
        {
            var key = $"cues:classes:{label}";
            if (Read(key, c, errors) is not { } pattern)
            {
                continue;
            }

            if (RenderProblem(pattern, options.SampleRate) is { } problem)
            {
                errors.Add($"{key}: {problem} (cues:sample_rate {options.SampleRate})");
                continue;
            }

            patterns[label] = pattern;
        }

        return new CueLibrary(patterns.ToImmutableDictionary(StringComparer.Ordinal));
    }

    /// <summary>The cue of <paramref name="label"/>, or null when it has none.</summary>
    public CuePattern? Find(string label) => Volatile.Read(ref _patterns).GetValueOrDefault(label);

    /// <summary>Gives <paramref name="label"/> the cue <paramref name="pattern"/> (replacing any), from the next event on.</summary>
    public void Set(string label, CuePattern pattern)
    {
        ImmutableDictionary<string, CuePattern> before, after;
        do
        {
            before = Volatile.Read(ref _patterns);
            after = before.SetItem(label, pattern);
        }
        while (Interlocked.CompareExchange(ref _patterns, after, before) != before);
    }

    /// <summary>Renders <paramref name="pattern"/> to 16-bit mono PCM at <paramref name="sampleRate"/> Hz (peak at most -1 dBFS).</summary>
    /// <exception cref="ArgumentException">a note at or above half the rate, or a cue longer than <see cref="CueRenderer.MaxSeconds"/>.</exception>
    public static short[] Render(CuePattern pattern, int sampleRate) => Pcm.ToInt16(CueRenderer.Render(pattern, sampleRate));

    /// <summary>Why <paramref name="pattern"/> cannot be rendered at <paramref name="sampleRate"/>, or null.</summary>
    public static string? RenderProblem(CuePattern pattern, int sampleRate)
    {
        try
        {
            CueRenderer.Render(pattern, sampleRate);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message.Split(" (Parameter", 2)[0];
        }
    }

    private static CuePattern? Read(string key, CueClassOptions c, List<string> errors)
    {
        if (c.Pattern is { Length: > 0 } text)
        {
            return Parse($"{key}:pattern", text, errors);
        }

        if (c.File is not { Length: > 0 } path)
        {
            return null;
        }

        try
        {
            return Parse($"{key}:file: {path}", File.ReadAllText(path).Trim(), errors);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{key}:file: cannot read '{path}': {e.Message}");
            return null;
        }
    }

    private static CuePattern? Parse(string where, string text, List<string> errors)
    {
        try
        {
            return PatternParser.Parse(text);
        }
        catch (PatternFormatException e)
        {
            errors.Add($"{where}: {e.Message}");
            return null;
        }
    }
}
