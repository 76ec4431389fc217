using EdgeSound.Dsp.Files;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using EdgeSound.Dsp.Audio;
using EdgeSound.Inference;

namespace EdgeSound.Learning.Data;

/// <summary>
/// A device's event-clip folder (<c>clips:dir</c> of the daemon) read as a training set: each <c>ID.json</c>
/// sidecar names its WAV (<c>audio</c>), the event's <c>label</c> and the user's <c>verdict</c>. The verdict decides
/// the label: <c>confirm</c> keeps the event's label, <c>false_alarm</c> becomes <see cref="Background"/>,
/// <c>relabel</c> takes the verdict's <c>label</c>. Clips without a verdict are not used (training on the model's
/// own unchecked guesses would teach it its mistakes); they are listed in <see cref="Unusable"/> with every other
/// file that cannot be used, each with its reason: a WAV without a sidecar, any other file, a folder (hidden files,
/// such as the daemon's reservations, are its own and not listed).
/// <para>Folds 1..<see cref="Folds"/> are assigned from a hash (XXH64) of the clip's UTC hour (the id's
/// <c>yyyyMMdd-HH</c> prefix), so the clips of one burst of sound, such as a dog barking for minutes, stay in one fold.</para>
/// </summary>
public sealed class ClipFolderDataset
{
    /// <summary>The label false alarms train: "this is nothing".</summary>
    public const string Background = ModelLabels.Background;

    /// <summary>Folds assigned.</summary>
    public const int Folds = 4;

    private ClipFolderDataset(string directory, IReadOnlyList<LabeledFile> files, IReadOnlyList<UnusableFile> unusable)
    {
        Directory = directory;
        Files = files;
        Unusable = unusable;
        Labels = [.. files.Select(f => f.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public string Directory { get; }

    /// <summary>Clips with a verdict, in id (time) order.</summary>
    public IReadOnlyList<LabeledFile> Files { get; }

    /// <summary>Sidecars and clips that cannot be used, with the reason.</summary>
    public IReadOnlyList<UnusableFile> Unusable { get; }

    /// <summary>The labels of <see cref="Files"/>, sorted (ordinal).</summary>
    public string[] Labels { get; }

    /// <summary>True when <paramref name="dir"/> holds at least one clip sidecar (<c>ID.json</c> beside <c>ID.wav</c>).</summary>
    public static bool IsClipFolder(string dir) =>
        System.IO.Directory.Exists(dir)
        && System.IO.Directory.EnumerateFiles(dir, "*.json").Any(j => File.Exists(Path.ChangeExtension(j, ".wav")));

    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static ClipFolderDataset Open(string dir)
    {
        if (!System.IO.Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"{dir}: clip folder not found");
        }

        var files = new List<LabeledFile>();
        var unusable = new List<UnusableFile>();
        var audioOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var sidecar in System.IO.Directory.EnumerateFiles(dir, "*.json").Order(StringComparer.Ordinal))
        {
            LabeledFile? item;
            string reason;
            try
            {
                item = Read(dir, sidecar, out reason);
            }
            catch (InvalidOperationException)
            {
                (item, reason) = (null, "a string in the sidecar is not valid Unicode text (a lone surrogate escape or bytes that are not UTF-8)");
            }

            if (item is null)
            {
                unusable.Add(new UnusableFile(sidecar, reason));
            }
            else if (!audioOf.TryAdd(item.Path, sidecar))
            {
                unusable.Add(new UnusableFile(sidecar, $"its audio {Path.GetFileName(item.Path)} is already the clip of {Path.GetFileName(audioOf[item.Path])} (one clip counted twice)"));
            }
            else
            {
                files.Add(item);
            }
        }

        foreach (var entry in DatasetFiles.Sorted(System.IO.Directory.EnumerateFileSystemEntries(dir)))
        {
            if (Path.GetFileName(entry).StartsWith('.') || Path.GetExtension(entry).Equals(".json", StringComparison.OrdinalIgnoreCase))
            {
                continue; // hidden files (the daemon's .ID.wav.reserved) are its own; sidecars were read above
            }

            if (System.IO.Directory.Exists(entry))
            {
                unusable.Add(new UnusableFile(entry, "a folder inside the clip folder: not read (clips and sidecars are read from the clip folder itself)"));
            }
            else if (!DatasetFiles.IsWav(entry))
            {
                unusable.Add(new UnusableFile(entry, "neither a clip (ID.wav) nor its sidecar (ID.json)"));
            }
            else if (!audioOf.ContainsKey(entry) && !File.Exists(Path.ChangeExtension(entry, ".json")))
            {
                unusable.Add(new UnusableFile(entry, $"no sidecar {Path.GetFileNameWithoutExtension(entry)}.json beside it: no label or verdict to train on"));
            }
        }

        return new ClipFolderDataset(dir, files, unusable);
    }

    /// <summary>Receives one line per oddity found while loading a clip (a WAV header that needed a repair).</summary>
    public Action<string>? Warning { get; set; }

    /// <summary>Mono samples at 16 kHz (clips are written at 16 kHz; others are resampled).</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="WavFormatException">The file is not a usable WAV.</exception>
    public float[] LoadMono16k(LabeledFile file)
    {
        AudioClip clip = WavReader.Read(file.Path);
        foreach (string warning in clip.Warnings)
        {
            Warning?.Invoke($"{file.Path}: {warning}");
        }

        return clip.SampleRate == Esc50Dataset.SampleRate ? clip.Samples : Resampler.Resample(clip.Samples, clip.SampleRate, Esc50Dataset.SampleRate);
    }

    /// <summary>
    /// The fold of a clip id: XXH64 (seed 0) of the UTF-8 bytes of its hour prefix <c>yyyyMMdd-HH</c> (the whole id when
    /// shorter), mod <see cref="Folds"/>, plus one. A multiplicative hash such as FNV-1a is no use here: modulo a
    /// power of two it keeps only the low bits of every character, so hours 00, 04 and 08 of a day always shared a fold.
    /// </summary>
    public static int FoldOf(string clipId)
    {
        ArgumentNullException.ThrowIfNull(clipId);
        var group = clipId.Length >= 11 ? clipId[..11] : clipId;
        return (int)(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(group)) % Folds) + 1;
    }

    private static LabeledFile? Read(string dir, string sidecar, out string reason)
    {
        JsonElement root;
        try
        {
            // A sidecar edited by hand may start with a UTF-8 byte order mark, which the JSON reader refuses.
            ReadOnlyMemory<byte> bytes = File.ReadAllBytes(sidecar);
            using var document = StrictJson.Parse(bytes.Span.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes);
            root = document.RootElement.Clone();
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            reason = $"cannot read the sidecar: {e.Message}";
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            reason = $"not a clip sidecar: the file holds a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object";
            return null;
        }

        if (RequiredText(root, "audio", out reason) is not { } audio || RequiredText(root, "label", out reason) is not { } eventLabel)
        {
            return null;
        }

        if (audio.Contains('/') || audio.Contains('\\') || audio.Contains("..", StringComparison.Ordinal))
        {
            reason = $"\"audio\" '{audio}' is not a plain file name";
            return null;
        }

        var wav = Path.Combine(dir, audio);
        if (!File.Exists(wav))
        {
            reason = $"its audio {audio} is missing";
            return null;
        }

        if (!root.TryGetProperty("verdict", out var verdict) || verdict.ValueKind == JsonValueKind.Null)
        {
            reason = "no verdict yet (unconfirmed clips are not trained on)";
            return null;
        }

        string? label = verdict.ValueKind != JsonValueKind.Object ? null : Text(verdict, "verdict") switch
        {
            "confirm" => eventLabel,
            "false_alarm" => Background,
            "relabel" => Text(verdict, "label"),
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(label))
        {
            reason = $"verdict {verdict.GetRawText()} is not confirm, false_alarm or relabel with a label";
            return null;
        }

        reason = "";
        var id = Text(root, "clip") is { Length: > 0 } clip ? clip : Path.GetFileNameWithoutExtension(sidecar);
        return new LabeledFile(wav, label, FoldOf(id));
    }

    /// <summary>The string value of key <paramref name="name"/>, or null with the reason naming the key and what it holds.</summary>
    private static string? RequiredText(JsonElement o, string name, out string reason)
    {
        reason = "";
        if (!o.TryGetProperty(name, out var p))
        {
            reason = $"not a clip sidecar: \"{name}\" is missing";
            return null;
        }

        if (p.ValueKind != JsonValueKind.String || p.GetString() is not { Length: > 0 } text)
        {
            reason = $"\"{name}\" is {p.GetRawText()}, not a non-empty string";
            return null;
        }

        return text;
    }

    private static string? Text(JsonElement o, string name) =>
        o.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
}
