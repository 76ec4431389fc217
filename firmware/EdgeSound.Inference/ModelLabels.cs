namespace EdgeSound.Inference;

/// <summary>
/// The rule a model's class labels follow. A label is published as a Home Assistant event type (the MQTT event
/// entity's <c>event_types</c>), in MQTT payloads and topics, and named in configuration keys such as
/// <c>detection:classes:&lt;label&gt;:threshold</c>. So each label is a slug as Home Assistant makes them
/// (<c>homeassistant.util.slugify</c>, validated by <c>cv.slug</c>): 1 to 64 characters from <c>a-z</c>, <c>0-9</c>
/// and <c>_</c>, not starting or ending with <c>_</c>. That excludes every character with a meaning in an MQTT topic
/// (<c>/</c>, <c>+</c>, <c>#</c>, NUL; MQTT 3.1.1 section 4.7) and the configuration path separator <c>:</c>.
/// Labels are unique (ordinal comparison). ESC-50's 50 category names all follow the rule.
/// </summary>
public static class ModelLabels
{
    /// <summary>
    /// The label that means "nothing of interest is happening": a device's false alarms train it, noise-only training
    /// windows are labelled with it, and the daemon never raises an event for it.
    /// </summary>
    public const string Background = "background";

    /// <summary>
    /// The label of unknown-sound events (open-set rejection, <see cref="OpenSetRule"/>). It is reserved: a class of
    /// that name would be indistinguishable from them in events, MQTT and configuration.
    /// </summary>
    public const string Unknown = "unknown";

    /// <summary>Longest label accepted, in characters.</summary>
    public const int MaxLength = 64;

    /// <summary>Problems with <paramref name="labels"/>, one line each naming the label and its index; empty when
    /// they follow the rule.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<string?> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var problems = new List<string>();
        if (labels.Count == 0)
        {
            problems.Add("there are no labels");
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < labels.Count; i++)
        {
            string? label = labels[i];
            if (string.IsNullOrEmpty(label))
            {
                problems.Add($"label {i} is empty");
                continue;
            }

            if (Problem(label) is { } problem)
            {
                problems.Add($"label {i} {problem}");
            }

            if (seen.TryGetValue(label, out int first))
            {
                problems.Add($"label '{label}' appears twice (index {first} and {i})");
            }
            else
            {
                seen.Add(label, i);
            }
        }

        return problems;
    }

    /// <summary>
    /// Why <paramref name="label"/> cannot be a model label, naming it (<c>'Dog Bark' is not a slug (...)</c>, or
    /// <see cref="Unknown"/> is reserved); null when it can. The rule every labelled dataset and model is held to.
    /// </summary>
    public static string? Problem(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (!IsSlug(label))
        {
            return $"'{label}' is not a slug (1-{MaxLength} characters from a-z, 0-9 and '_', not starting or ending with '_')";
        }

        return label == Unknown ? $"'{Unknown}' is reserved for unknown-sound events (open-set rejection)" : null;
    }

    /// <summary>Whether <paramref name="label"/> follows the slug rule of <see cref="ModelLabels"/>.</summary>
    public static bool IsSlug(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (label.Length is 0 or > MaxLength || label[0] == '_' || label[^1] == '_')
        {
            return false;
        }

        foreach (char c in label)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
