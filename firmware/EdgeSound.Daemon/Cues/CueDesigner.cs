using EdgeSound.Daemon.Detection;
using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Synthesis;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Cues;

/// <summary>One model label's cue as the designer shows it: the pattern text (null: none) and where it came from.</summary>
/// <param name="Source"><c>designer</c> (saved from the dashboard), <c>config</c> (<c>cues:classes</c>) or null.</param>
public sealed record DesignedCue(string Label, string? Pattern, string? Source);

/// <summary>
/// The dashboard's cue designer on the daemon side: renders pattern text with the renderer the daemon plays cues
/// through, saves a label's cue (validated, written to the <see cref="DesignerCueFile"/>, then put into the
/// <see cref="CueLibrary"/>, so the next event plays it without a restart) and records listening comparisons
/// (<see cref="CueComparisonLog"/>), whose chosen pattern becomes the label's cue. Every refusal is one line for the
/// HTTP answer; nothing here throws for bad input. Thread-safe (saves are serialised).
/// </summary>
public sealed class CueDesigner
{
    private readonly CueLibrary _library;
    private readonly DesignerCueFile _file;
    private readonly CueComparisonLog _comparisons;
    private readonly HashSet<string> _labels;
    private readonly string _modelSha256;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();

    /// <param name="labels">The labels a cue can be saved for, in the order the dashboard lists them.</param>
    /// <param name="sampleRate">Rate patterns are rendered and checked at, Hz (<c>cues:sample_rate</c>).</param>
    public CueDesigner(CueLibrary library, DesignerCueFile file, CueComparisonLog comparisons, IReadOnlyList<string> labels, int sampleRate, string modelSha256, ILogger log, TimeProvider? clock = null)
    {
        _library = library;
        _file = file;
        _comparisons = comparisons;
        Labels = labels;
        _labels = new HashSet<string>(labels, StringComparer.Ordinal);
        SampleRate = sampleRate;
        _modelSha256 = modelSha256;
        _log = log;
        _clock = clock ?? TimeProvider.System;
    }

    public IReadOnlyList<string> Labels { get; }

    public int SampleRate { get; }

    /// <summary>
    /// Opens the designer's files in <paramref name="stateDirectory"/> and lays the saved cues over the configured
    /// ones in <paramref name="library"/> (the designer's choice wins; each replacement is logged). Cues can be saved for
    /// the model's <paramref name="labels"/> and for <c>unknown</c> events, as <c>cues:classes</c> takes them. A saved
    /// cue for a label the model lacks, or one that no longer parses, is logged and left out.
    /// </summary>
    /// <exception cref="IOException">The designer file cannot be read or is not one.</exception>
    public static CueDesigner Open(string stateDirectory, CueLibrary library, IReadOnlyList<string> labels, int sampleRate, string modelSha256, ILogger log)
    {
        var file = DesignerCueFile.Open(Path.Combine(stateDirectory, DesignerCueFile.FileName));
        var designer = new CueDesigner(library, file, new CueComparisonLog(Path.Combine(stateDirectory, CueComparisonLog.FileName)), [.. labels, UnknownRule.Label], sampleRate, modelSha256, log);
        foreach (var (label, text) in file.Patterns)
        {
            if (designer.Check(label, text, out var pattern) is { } problem)
            {
                log.LogWarning("Cue designer file {File}: {Label} left out: {Problem}", file.Path, label, problem);
                continue;
            }

            log.LogInformation("Cue for {Label} from the cue designer ({File}) {Action}", label, file.Path, library.Find(label) is null ? "added" : "replaces the configured one");
            library.Set(label, pattern!);
        }

        return designer;
    }

    /// <summary>Each model label with its current cue, in label order.</summary>
    public IReadOnlyList<DesignedCue> Cues()
    {
        var saved = _file.Patterns.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        return [.. Labels.Select(l => _library.Find(l) is { } p
            ? new DesignedCue(l, p.ToText(), saved.Contains(l) ? "designer" : "config")
            : new DesignedCue(l, null, null))];
    }

    /// <summary>
    /// Renders <paramref name="text"/> as 16-bit mono PCM WAV at <see cref="SampleRate"/>; null with
    /// <paramref name="problem"/> (the parser's or renderer's one line) when it cannot be rendered.
    /// </summary>
    public byte[]? RenderWav(string text, out string problem)
    {
        if (Parse(text, out problem) is not { } pattern)
        {
            return null;
        }

        try
        {
            var samples = CueRenderer.Render(pattern, SampleRate);
            using var wav = new MemoryStream((2 * samples.Length) + 44);
            WavWriter.WritePcm16(wav, samples, SampleRate);
            return wav.ToArray();
        }
        catch (ArgumentException e)
        {
            problem = OneLine(e);
            return null;
        }
    }

    /// <summary>Saves <paramref name="text"/> as <paramref name="label"/>'s cue; returns why not, or null when saved.</summary>
    public string? Save(string label, string text)
    {
        if (Check(label, text, out var pattern) is { } problem)
        {
            return problem;
        }

        return Store(label, pattern!);
    }

    /// <summary>
    /// Records a listening comparison of <paramref name="a"/> and <paramref name="b"/> for <paramref name="label"/> and
    /// saves the chosen one (<paramref name="choice"/> <c>a</c> or <c>b</c>) as its cue; returns why not, or null.
    /// </summary>
    public string? Compare(string label, string a, string b, string choice)
    {
        if (choice is not ("a" or "b"))
        {
            return $"choice must be a or b, got '{choice}'";
        }

        if (Check(label, a, out var first) is { } problemA)
        {
            return "a: " + problemA;
        }

        if (Check(label, b, out var second) is { } problemB)
        {
            return "b: " + problemB;
        }

        var chosen = choice == "a" ? first! : second!;
        var comparison = new CueComparison(_clock.GetUtcNow(), label, first!.ToText(), second!.ToText(), choice, _modelSha256);
        try
        {
            _comparisons.Append(comparison);
        }
        catch (IOException e)
        {
            _log.LogError("Cue comparison for {Label} not stored: {Reason}", label, e.Message);
            return $"comparison not stored: {e.Message}";
        }

        return Store(label, chosen);
    }

    /// <summary>Past comparisons of <paramref name="label"/>, oldest first; null with <paramref name="problem"/> when the file cannot be read.</summary>
    public IReadOnlyList<CueComparison>? Comparisons(string label, out string problem)
    {
        problem = "";
        try
        {
            var list = _comparisons.Read(label, out var unreadable);
            if (unreadable > 0)
            {
                _log.LogWarning("{File}: {Lines} lines are not comparisons and were skipped", _comparisons.Path, unreadable);
            }

            return list;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{_comparisons.Path}: {e.Message}";
            return null;
        }
    }

    private string? Store(string label, CuePattern pattern)
    {
        var text = pattern.ToText();
        lock (_gate)
        {
            try
            {
                _file.Save(label, text, _clock.GetUtcNow());
            }
            catch (IOException e)
            {
                _log.LogError("Cue for {Label} not saved: {Reason}", label, e.Message);
                return $"not saved: {e.Message}";
            }

            _library.Set(label, pattern);
        }

        _log.LogInformation("Cue for {Label} saved from the cue designer: {Pattern}", label, text);
        return null;
    }

    private string? Check(string label, string text, out CuePattern? pattern)
    {
        pattern = null;
        if (UnknownLabel(label) is { } unknown)
        {
            return unknown;
        }

        if (Parse(text, out var problem) is not { } parsed)
        {
            return problem;
        }

        if (CueLibrary.RenderProblem(parsed, SampleRate) is { } renderProblem)
        {
            return $"{renderProblem} (cues:sample_rate {SampleRate})";
        }

        pattern = parsed;
        return null;
    }

    private static CuePattern? Parse(string text, out string problem)
    {
        problem = "";
        try
        {
            return PatternParser.Parse(text);
        }
        catch (PatternFormatException e)
        {
            problem = e.Message;
            return null;
        }
    }

    /// <summary>Why <paramref name="label"/> cannot have a cue (not a model label), or null when it can.</summary>
    public string? UnknownLabel(string label) =>
        _labels.Contains(label) ? null : $"unknown label '{label}': cues can be saved for {string.Join(", ", Labels)}";

    private static string OneLine(ArgumentException e) => e.Message.Split(" (Parameter", 2)[0];
}
