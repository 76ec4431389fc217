using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSound.Daemon.Detection;
using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Files;

namespace EdgeSound.Daemon.Clips;

/// <summary>The outcome of a feedback command on the store.</summary>
public enum VerdictOutcome
{
    Stored,
    UnknownClip,
}

/// <summary>
/// The clip folder: <c>ID.wav</c> (16-bit mono PCM) with <c>ID.json</c> (<see cref="ClipSidecar"/>) per event,
/// under a disk budget of <c>maxBytes</c> (WAV + sidecar bytes): after each save the oldest clips are deleted until
/// the folder fits; a clip larger than the whole budget is not saved. Ids are <c>yyyyMMdd-HHmmss-fff-label</c> of the
/// event's start in UTC, with <c>-2</c>, <c>-3</c>... when taken. Oldest means first written, never the smallest id:
/// an id dated ahead (a wall clock stepped forward, a future-dated input) is still pruned in its turn. Clips saved in
/// this run follow the clips found at open, which are ordered by their WAV's write time, then id.
/// <see cref="Reserve"/> holds a clip's disk space (preallocated files <c>.ID.wav.reserved</c>, <c>.ID.json.reserved</c>)
/// before its id is handed out, and <see cref="Save"/> writes the clip into that space, so a full disk refuses the id,
/// never the clip of an id already given.
/// Thread-safe: the writer saves while MQTT feedback sets verdicts.
/// </summary>
public sealed class ClipStore
{
    private readonly Dictionary<string, long> _clips = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly HashSet<string> _reserved = new(StringComparer.Ordinal);
    private readonly ModelIdentity _model;
    private readonly Lock _gate = new();
    private long _bytes;
    private string? _last;

    private ClipStore(string directory, long maxBytes, ModelIdentity model)
    {
        Directory = directory;
        MaxBytes = maxBytes;
        _model = model;
    }

    public string Directory { get; }

    public long MaxBytes { get; }

    /// <summary>Bytes the clips in the folder take (WAV + sidecar).</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Clip ids in the folder, oldest (first written) first.</summary>
    public IReadOnlyList<string> Ids
    {
        get
        {
            lock (_gate)
            {
                return [.. _order];
            }
        }
    }

    /// <summary>The WAV file of clip <paramref name="id"/> when the store holds it, else null (an id is only looked up, never joined to a path unchecked).</summary>
    public string? WavPath(string id)
    {
        lock (_gate)
        {
            return _clips.ContainsKey(id) ? Path.Combine(Directory, id + ".wav") : null;
        }
    }

    /// <summary>Creates the folder if needed and indexes the clips already there (a WAV with its sidecar).</summary>
    /// <exception cref="IOException">The folder cannot be created or read.</exception>
    /// <exception cref="UnauthorizedAccessException">No permission on the folder.</exception>
    public static ClipStore Open(string directory, long maxBytes, ModelIdentity model)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        System.IO.Directory.CreateDirectory(directory);
        var store = new ClipStore(directory, maxBytes, model);
        var found = new List<(DateTime Written, string Id)>();
        foreach (var sidecar in System.IO.Directory.EnumerateFiles(directory, "*.json"))
        {
            var id = Path.GetFileNameWithoutExtension(sidecar);
            var wav = Path.Combine(directory, id + ".wav");
            if (File.Exists(wav))
            {
                var size = new FileInfo(wav).Length + new FileInfo(sidecar).Length;
                store._clips[id] = size;
                store._bytes += size;
                found.Add((File.GetLastWriteTimeUtc(wav), id));
            }
        }

        found.Sort((a, b) => a.Written != b.Written ? a.Written.CompareTo(b.Written) : string.CompareOrdinal(a.Id, b.Id));
        store._order.AddRange(found.Select(f => f.Id));

        foreach (var stale in System.IO.Directory.EnumerateFiles(directory, "*" + ReservedSuffix))
        {
            TryDelete(stale);
        }

        store._last = store._order.Count > 0 ? store._order[^1] : null;
        return store;
    }

    private const string ReservedSuffix = ".reserved";

    /// <summary>The most bytes a clip of <paramref name="timing"/> takes: its WAV, and its sidecar for <paramref name="labels"/> labels.</summary>
    public static (long Wav, long Sidecar) Bounds(ClipTiming timing, int labels)
    {
        var seconds = timing.PreRollSeconds + timing.MaxEventSeconds + timing.PostRollSeconds;
        var windows = (long)Math.Ceiling(timing.MaxEventSeconds / timing.HopSeconds) + 2;
        return (44 + (2L * (long)Math.Ceiling(seconds * timing.SampleRate)), 16384 + (windows * (128 + (labels * 96L))));
    }

    /// <summary>
    /// A new clip id for <paramref name="e"/> whose disk space is held: <paramref name="wavBytes"/> and
    /// <paramref name="sidecarBytes"/> preallocated until <see cref="Save"/> writes the clip there or
    /// <see cref="Release"/> gives them back.
    /// </summary>
    /// <exception cref="IOException">The space cannot be held (a full disk): no id is taken and nothing is left behind.</exception>
    public string Reserve(DetectedEvent e, long wavBytes, long sidecarBytes)
    {
        var id = NewId(e);
        try
        {
            Preallocate(Reserved(id, ".wav"), wavBytes);
            Preallocate(Reserved(id, ".json"), sidecarBytes);
            return id;
        }
        catch (Exception x) when (x is IOException or UnauthorizedAccessException)
        {
            Release(id);
            throw new IOException($"{Directory}: cannot hold {wavBytes + sidecarBytes} bytes for a clip ({x.Message})", x);
        }
    }

    /// <summary>Gives back the space held for clip <paramref name="id"/> that will not be saved.</summary>
    public void Release(string id)
    {
        lock (_gate)
        {
            _reserved.Remove(id);
        }

        TryDelete(Reserved(id, ".wav"));
        TryDelete(Reserved(id, ".json"));
    }

    private string Reserved(string id, string extension) => Path.Combine(Directory, "." + id + extension + ReservedSuffix);

    private static void Preallocate(string path, long bytes)
    {
        using var file = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, preallocationSize: bytes);
    }

    /// <summary>Writes <paramref name="path"/> into the space <see cref="Reserve"/> held for it, or through a new temporary file when none was held.</summary>
    private static void WriteFile(string path, string reserved, Action<Stream> write) =>
        AtomicFile.Write(path, write, File.Exists(reserved) ? reserved : null);

    /// <summary>A new, unused clip id for an event (reserved until saved).</summary>
    public string NewId(DetectedEvent e)
    {
        var label = new StringBuilder(e.Label.Length);
        foreach (var ch in e.Label)
        {
            label.Append(char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' ? ch : '_');
        }

        var stem = e.Time.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture) + "-" + label;
        lock (_gate)
        {
            var id = stem;
            for (var n = 2; _clips.ContainsKey(id) || _reserved.Contains(id) || File.Exists(Path.Combine(Directory, id + ".json")); n++)
            {
                id = stem + "-" + n.ToString(CultureInfo.InvariantCulture);
            }

            _reserved.Add(id);
            return id;
        }
    }

    /// <summary>
    /// Writes the clip's WAV and sidecar (each into the space <see cref="Reserve"/> held, else through a temporary
    /// file, then renamed, so a reader never sees half a clip) and deletes the oldest clips beyond the budget. Returns
    /// false (nothing written, the held space given back) when the clip alone exceeds the budget. A failed write
    /// deletes what it wrote and rethrows.
    /// </summary>
    /// <exception cref="IOException">Writing failed; nothing of the clip is left behind.</exception>
    public bool Save(EventClip clip)
    {
        var text = Encoding.UTF8.GetBytes(ClipSidecar.ToText(ClipSidecar.Build(clip, _model)));
        var size = 44 + (2L * clip.Samples.Length) + text.Length;
        lock (_gate)
        {
            _reserved.Remove(clip.Id);
        }

        if (size > MaxBytes)
        {
            Release(clip.Id);
            return false;
        }

        var wav = Path.Combine(Directory, clip.Id + ".wav");
        var json = Path.Combine(Directory, clip.Id + ".json");
        try
        {
            var samples = new float[clip.Samples.Length];
            for (var i = 0; i < samples.Length; i++)
            {
                samples[i] = clip.Samples[i] / 32768f;
            }

            WriteFile(wav, Reserved(clip.Id, ".wav"), s => WavWriter.WritePcm16(s, samples, clip.SampleRate));
            WriteFile(json, Reserved(clip.Id, ".json"), s => s.Write(text));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Release(clip.Id);
            TryDelete(wav);
            TryDelete(json);
            throw e as IOException ?? new IOException(e.Message, e);
        }

        lock (_gate)
        {
            _clips[clip.Id] = size;
            _order.Add(clip.Id);
            _bytes += size;
            _last = clip.Id;
            while (_bytes > MaxBytes && _order.Count > 1)
            {
                var oldest = _order[0];
                TryDelete(Path.Combine(Directory, oldest + ".wav"));
                TryDelete(Path.Combine(Directory, oldest + ".json"));
                _bytes -= _clips[oldest];
                _clips.Remove(oldest);
                _order.RemoveAt(0);
            }
        }

        return true;
    }

    /// <summary>Stores a verdict in the clip's sidecar (<see cref="FeedbackCommand.Last"/>: the newest clip kept).</summary>
    /// <exception cref="IOException">The sidecar cannot be read or rewritten.</exception>
    /// <exception cref="JsonException">The sidecar on disk is not JSON.</exception>
    public VerdictOutcome SetVerdict(FeedbackCommand command, DateTimeOffset time, out string id)
    {
        lock (_gate)
        {
            id = command.Clip == FeedbackCommand.Last ? _last ?? "" : command.Clip;
            if (!_clips.ContainsKey(id))
            {
                return VerdictOutcome.UnknownClip;
            }

            var path = Path.Combine(Directory, id + ".json");
            var sidecar = JsonNode.Parse(File.ReadAllText(path))?.AsObject()
                ?? throw new JsonException($"{path}: not a JSON object");
            ClipSidecar.SetVerdict(sidecar, command.Verdict, command.Label, time);
            var text = Encoding.UTF8.GetBytes(ClipSidecar.ToText(sidecar));
            AtomicFile.Write(path, s => s.Write(text));
            var size = new FileInfo(Path.Combine(Directory, id + ".wav")).Length + text.Length;
            _bytes += size - _clips[id];
            _clips[id] = size;
            return VerdictOutcome.Stored;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file that cannot be deleted stays; the next scan counts it again.
        }
    }
}
