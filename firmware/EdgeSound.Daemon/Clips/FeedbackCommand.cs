using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeSound.Daemon.Events;
using EdgeSound.Inference;

namespace EdgeSound.Daemon.Clips;

/// <summary>What the user said about a clip.</summary>
public enum FeedbackVerdict
{
    /// <summary>The event was right.</summary>
    Confirm,

    /// <summary>Nothing of interest happened: the clip trains the <c>background</c> class.</summary>
    FalseAlarm,

    /// <summary>The sound was something else: <see cref="FeedbackCommand.Label"/>.</summary>
    Relabel,
}

/// <summary>
/// One command on <c>&lt;base&gt;/&lt;device&gt;/feedback</c>: <c>{"clip": ID, "verdict": "confirm"|"false_alarm"|"relabel",
/// "label": L}</c>, <c>label</c> required with (and only read for) <c>relabel</c>, and a model label
/// (<see cref="ModelLabels"/>: the trainer takes it as a class name, Home Assistant as an event type; a new one teaches a new class). <c>"clip": "last"</c> means the
/// newest clip kept; the Home Assistant buttons and select send that.
/// </summary>
public sealed partial record FeedbackCommand(string Clip, FeedbackVerdict Verdict, string? Label)
{
    /// <summary>The clip id that stands for the newest clip kept.</summary>
    public const string Last = "last";

    /// <summary>Longest clip id accepted.</summary>
    public const int MaxLength = 96;

    /// <summary>Clip ids: letters, digits, <c>_</c> and <c>-</c>; nothing that could leave the clip folder.</summary>
    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_-]*$")]
    private static partial Regex SafeId();

    /// <summary>True when <paramref name="id"/> has the form of a clip id (at most <see cref="MaxLength"/> characters).</summary>
    public static bool IsClipId(string id) => id.Length <= MaxLength && SafeId().IsMatch(id);

    public static string Name(FeedbackVerdict v) => v switch
    {
        FeedbackVerdict.Confirm => "confirm",
        FeedbackVerdict.FalseAlarm => "false_alarm",
        _ => "relabel",
    };

    /// <summary>Parses a payload; on failure returns null and says why in <paramref name="error"/>.</summary>
    public static FeedbackCommand? Parse(ReadOnlySpan<byte> payload, out string error)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload.ToArray());
        }
        catch (JsonException e)
        {
            error = $"not JSON ({e.Message})";
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"expected a JSON object, got {root.ValueKind}";
                return null;
            }

            if (JsonUnicode.FirstInvalid(root) is { } bad)
            {
                error = JsonUnicode.Reason(bad);
                return null;
            }

            if (Text(root, "clip") is not { } clip || !IsClipId(clip))
            {
                error = "\"clip\" must be a clip id (letters, digits, _ and -) or \"last\"";
                return null;
            }

            FeedbackVerdict? verdict = Text(root, "verdict") switch
            {
                "confirm" => FeedbackVerdict.Confirm,
                "false_alarm" => FeedbackVerdict.FalseAlarm,
                "relabel" => FeedbackVerdict.Relabel,
                _ => null,
            };
            if (verdict is not { } v)
            {
                error = "\"verdict\" must be one of confirm, false_alarm, relabel";
                return null;
            }

            string? label = null;
            if (v == FeedbackVerdict.Relabel)
            {
                label = Text(root, "label");
                if (label is null || !ModelLabels.IsSlug(label))
                {
                    error = $"relabel needs \"label\": a model label (1-{ModelLabels.MaxLength} characters from a-z, 0-9 and '_', not starting or ending with '_')";
                    return null;
                }

                if (label == ModelLabels.Unknown)
                {
                    error = $"relabel to '{ModelLabels.Unknown}' is not possible: it is reserved for unknown-sound events and cannot be a class to train; use false_alarm, or name the sound";
                    return null;
                }
            }

            error = "";
            return new FeedbackCommand(clip, v, label);
        }
    }

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
