using System.Globalization;

namespace EdgeSound.Dsp.Synthesis;

/// <summary>
/// Parses the cue pattern text described in cue-patterns.md: <c>[settings:] events</c>, settings <c>bpm= wave= adsr=
/// noise= lpf=</c>, events <c>NOTE[/N[.]][@V]</c>, <c>r[/N[.]]</c> and <c>[ ... ]xK</c>. Every error is a
/// <see cref="PatternFormatException"/> naming column and token.
/// </summary>
public static class PatternParser
{
    /// <summary>Tempo range accepted, BPM.</summary>
    public const double MinBpm = 20, MaxBpm = 400;

    /// <summary>Most notes and rests a pattern may expand to.</summary>
    public const int MaxEvents = 4096;

    /// <summary>Most repeats of one group.</summary>
    public const int MaxRepeats = 64;

    private readonly record struct Token(string Text, int Column);

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="PatternFormatException">the text is not a valid pattern.</exception>
    public static CuePattern Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        var settings = new Settings();
        if (colon >= 0)
        {
            foreach (Token token in Split(text, 0, colon))
            {
                settings.Apply(token);
            }
        }

        List<Token> tokens = Split(text, colon + 1, text.Length);
        int next = 0;
        List<CueEvent> events = ParseSequence(tokens, ref next, closing: null);
        if (events.All(e => e.IsRest))
        {
            throw new PatternFormatException("the pattern has no notes (expected e.g. 'bpm=120 wave=square: C5/8 E5/8 G5/4')", text.Length + 1, text.Length == 0 ? "" : text[^1..]);
        }

        return new CuePattern(settings.Bpm, settings.Wave, settings.Envelope, settings.Noise, settings.LowPassHz, events);
    }

    private static List<CueEvent> ParseSequence(List<Token> tokens, ref int next, Token? closing)
    {
        var events = new List<CueEvent>();
        while (next < tokens.Count)
        {
            Token token = tokens[next++];
            if (token.Text == "[")
            {
                List<CueEvent> group = ParseSequence(tokens, ref next, token);
                Token close = tokens[next - 1];
                int repeats = ParseRepeats(close);
                if (events.Count + ((long)group.Count * repeats) > MaxEvents)
                {
                    throw new PatternFormatException($"the pattern expands to more than {MaxEvents} notes and rests", close.Column, close.Text);
                }

                for (int r = 0; r < repeats; r++)
                {
                    events.AddRange(group);
                }
            }
            else if (token.Text.StartsWith(']'))
            {
                if (closing is null)
                {
                    throw new PatternFormatException("']' without a matching '['", token.Column, token.Text);
                }

                if (events.Count == 0)
                {
                    throw new PatternFormatException("empty group '[ ]'", closing.Value.Column, closing.Value.Text);
                }

                return events;
            }
            else
            {
                if (events.Count >= MaxEvents)
                {
                    throw new PatternFormatException($"the pattern expands to more than {MaxEvents} notes and rests", token.Column, token.Text);
                }

                events.Add(ParseEvent(token));
            }
        }

        if (closing is { } open)
        {
            throw new PatternFormatException("'[' is never closed (expected ']' or ']xK')", open.Column, open.Text);
        }

        return events;
    }

    private static int ParseRepeats(Token close)
    {
        string rest = close.Text[1..];
        if (rest.Length == 0)
        {
            return 1;
        }

        if (rest[0] != 'x' || !int.TryParse(rest.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k < 1 || k > MaxRepeats)
        {
            throw new PatternFormatException($"a group ends with ']' or ']xK', K a whole number 1..{MaxRepeats}", close.Column, close.Text);
        }

        return k;
    }

    private static CueEvent ParseEvent(Token token)
    {
        string s = token.Text;
        int at = s.IndexOf('@', StringComparison.Ordinal);
        int velocity = CuePattern.DefaultVelocity;
        if (at >= 0)
        {
            if (!int.TryParse(s.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out velocity) || velocity < 1 || velocity > 127)
            {
                throw new PatternFormatException("velocity '@V' must be a whole number 1..127", token.Column, token.Text);
            }

            s = s[..at];
        }

        int slash = s.IndexOf('/', StringComparison.Ordinal);
        double beats = slash >= 0 ? ParseNoteValue(s[(slash + 1)..], token) : 1;
        string pitchText = slash >= 0 ? s[..slash] : s;
        if (pitchText is "r" or "R")
        {
            if (at >= 0)
            {
                throw new PatternFormatException("a rest has no velocity", token.Column, token.Text);
            }

            return new CueEvent(null, beats, velocity);
        }

        return new CueEvent(ParsePitch(pitchText, token), beats, velocity);
    }

    private static double ParseNoteValue(string text, Token token)
    {
        bool dotted = text.EndsWith('.');
        string digits = dotted ? text[..^1] : text;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || !NoteValue.IsAllowed(n))
        {
            throw new PatternFormatException("a length is '/N' or '/N.' with N one of 1,2,3,4,6,8,12,16,24,32,48,64 (/4 = one beat)", token.Column, token.Text);
        }

        return NoteValue.Beats(n, dotted);
    }

    private static NotePitch ParsePitch(string text, Token token)
    {
        if (text.EndsWith("hz", StringComparison.OrdinalIgnoreCase))
        {
            if (FiniteNumber(text.AsSpan(0, text.Length - 2)) is not { } hz || hz < 20 || hz > 20000)
            {
                throw new PatternFormatException("a frequency is written like '440hz', 20..20000 Hz", token.Column, token.Text);
            }

            return NotePitch.FromHz(hz);
        }

        int semitone = text.Length == 0 ? -1 : "C D EF G A B".IndexOf(char.ToUpperInvariant(text[0]), StringComparison.Ordinal);
        if (semitone < 0)
        {
            throw new PatternFormatException("expected a note (C4, F#5, Bb3), a frequency (440hz), a rest (r) or a group ([ ... ]x2)", token.Column, token.Text);
        }

        int i = 1;
        if (i < text.Length && (text[i] == '#' || text[i] == 'b'))
        {
            semitone += text[i] == '#' ? 1 : -1;
            i++;
        }

        if (!int.TryParse(text.AsSpan(i), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int octave))
        {
            throw new PatternFormatException("a note name needs an octave, e.g. C5 or F#4", token.Column, token.Text);
        }

        int key = ((octave + 1) * 12) + semitone;
        if (key < 0 || key > 127)
        {
            throw new PatternFormatException("the note is outside MIDI's range C-1..G9", token.Column, token.Text);
        }

        return NotePitch.FromMidiKey(key);
    }

    /// <summary>
    /// A decimal number as the pattern writes it (digits and at most one '.'), or null for anything else, NaN and
    /// Infinity included (which <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider, out double)"/>
    /// accepts in any style), so every range check after it compares a finite value.
    /// </summary>
    private static double? FiniteNumber(ReadOnlySpan<char> text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;

    /// <summary>Whitespace-separated tokens of text[start..end); '[' and ']...' stand alone.</summary>
    private static List<Token> Split(string text, int start, int end)
    {
        var tokens = new List<Token>();
        int i = start;
        while (i < end)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            int begin = i;
            if (text[i] == '[')
            {
                i++;
            }
            else
            {
                i++;
                while (i < end && !char.IsWhiteSpace(text[i]) && text[i] != '[' && text[i] != ']')
                {
                    i++;
                }
            }

            tokens.Add(new Token(text[begin..i], begin + 1));
        }

        return tokens;
    }

    /// <summary>The header's key=value settings, with defaults.</summary>
    private sealed class Settings
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public double Bpm { get; private set; } = 120;

        public Waveform Wave { get; private set; } = Waveform.Sine;

        public AdsrEnvelope Envelope { get; private set; } = AdsrEnvelope.Default;

        public double Noise { get; private set; }

        public double? LowPassHz { get; private set; }

        public void Apply(Token token)
        {
            int eq = token.Text.IndexOf('=', StringComparison.Ordinal);
            string key = eq > 0 ? token.Text[..eq] : "";
            string value = eq > 0 ? token.Text[(eq + 1)..] : "";
            if (eq <= 0 || value.Length == 0)
            {
                throw new PatternFormatException("a setting is key=value (bpm, wave, adsr, noise, lpf) before the ':'", token.Column, token.Text);
            }

            if (!_seen.Add(key))
            {
                throw new PatternFormatException($"'{key}' is set twice", token.Column, token.Text);
            }

            switch (key)
            {
                case "bpm":
                    Bpm = Number(value, MinBpm, MaxBpm, "bpm is a tempo in beats per minute", token);
                    break;
                case "wave":
                    Wave = value switch
                    {
                        "sine" => Waveform.Sine,
                        "triangle" => Waveform.Triangle,
                        "square" => Waveform.Square,
                        "sawtooth" or "saw" => Waveform.Sawtooth,
                        "noise" => Waveform.Noise,
                        _ => throw new PatternFormatException("wave is one of sine, triangle, square, sawtooth, noise", token.Column, token.Text),
                    };
                    break;
                case "adsr":
                    string[] parts = value.Split(',');
                    if (parts.Length != 4)
                    {
                        throw new PatternFormatException("adsr is attack_ms,decay_ms,sustain_level,release_ms, e.g. adsr=5,40,0.6,80", token.Column, token.Text);
                    }

                    const string stage = "an adsr stage time is in milliseconds";
                    Envelope = new AdsrEnvelope(
                        Number(parts[0], 0, AdsrEnvelope.MaxStageMs, stage, token),
                        Number(parts[1], 0, AdsrEnvelope.MaxStageMs, stage, token),
                        Number(parts[2], 0, 1, "the adsr sustain level is a fraction of the peak", token),
                        Number(parts[3], 0, AdsrEnvelope.MaxStageMs, stage, token));
                    break;
                case "noise":
                    Noise = Number(value, 0, 1, "noise is the noise layer's level", token);
                    break;
                case "lpf":
                    LowPassHz = Number(value, 20, 20000, "lpf is a low-pass cut-off in Hz", token);
                    break;
                default:
                    throw new PatternFormatException("unknown setting (expected bpm, wave, adsr, noise or lpf)", token.Column, token.Text);
            }
        }

        private static double Number(string text, double min, double max, string what, Token token)
        {
            if (FiniteNumber(text) is not { } v || v < min || v > max)
            {
                throw new PatternFormatException(string.Create(CultureInfo.InvariantCulture, $"{what}, {min}..{max}"), token.Column, token.Text);
            }

            return v;
        }
    }
}
