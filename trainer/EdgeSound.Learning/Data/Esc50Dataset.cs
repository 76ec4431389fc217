using System.Collections.Concurrent;
using System.Globalization;
using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Frontend;

namespace EdgeSound.Learning.Data;

/// <summary>
/// An ESC-50 folder in its published layout (audio/*.wav, meta/esc50.csv) at any sample rate. Labels come from
/// the category column, indexed by target. Audio is loaded mono and resampled to 16 kHz when needed.
/// </summary>
public sealed class Esc50Dataset
{
    public const int SampleRate = 16000;
    private static readonly string[] RequiredColumns = ["filename", "fold", "target", "category", "esc10"];

    private readonly ConcurrentDictionary<int, bool> _narrowRates = new();

    private Esc50Dataset(string directory, string metadataPath, IReadOnlyList<Esc50Clip> clips, string[] labels)
    {
        Directory = directory;
        MetadataPath = metadataPath;
        Clips = clips;
        Labels = labels;
    }

    public string Directory { get; }

    public string MetadataPath { get; }

    public IReadOnlyList<Esc50Clip> Clips { get; }

    /// <summary>Category names; index = target.</summary>
    public string[] Labels { get; }

    /// <summary>
    /// Receives one line per WAV header fault that was read anyway (file: problem), and once per sample rate too low to
    /// carry the frontend's mel band (<see cref="InputBandCheck"/>). May be called from loader threads.
    /// </summary>
    public Action<string>? Warning { get; set; }

    /// <summary>Reads meta/esc50.csv. Errors name the file, the line and the problem.</summary>
    public static Esc50Dataset Open(string dir)
    {
        ArgumentNullException.ThrowIfNull(dir);
        if (!System.IO.Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"{dir}: ESC-50 folder not found");
        }

        string csv = Path.Combine(dir, "meta", "esc50.csv");
        if (!File.Exists(csv))
        {
            throw new FileNotFoundException($"{csv}: ESC-50 metadata file not found (expected meta/esc50.csv in {dir})", csv);
        }

        string[] lines = File.ReadAllLines(csv);
        if (lines.Length == 0)
        {
            throw new InvalidDataException($"{csv}: empty file, expected a header row");
        }

        string[] header = CsvRow.Split(lines[0]);
        var column = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Length; i++)
        {
            column.TryAdd(header[i].Trim(), i);
        }

        foreach (string required in RequiredColumns)
        {
            if (!column.ContainsKey(required))
            {
                throw new InvalidDataException($"{csv}: header is missing column '{required}' (found: {string.Join(",", header)})");
            }
        }

        var clips = new List<Esc50Clip>(lines.Length);
        var listedOn = new Dictionary<string, int>(StringComparer.Ordinal);
        var labels = new SortedDictionary<int, string>();
        for (int line = 1; line < lines.Length; line++)
        {
            if (string.IsNullOrWhiteSpace(lines[line]))
            {
                continue;
            }

            string[] cells = CsvRow.Split(lines[line]);
            string Cell(string name)
            {
                int i = column[name];
                if (i >= cells.Length)
                {
                    throw new InvalidDataException($"{csv} line {line + 1}: row has {cells.Length} fields, no '{name}'");
                }

                return cells[i].Trim();
            }

            int Int(string name)
            {
                string v = Cell(name);
                return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int x) && x >= 0
                    ? x
                    : throw new InvalidDataException($"{csv} line {line + 1}: {name} '{v}' is not a non-negative integer");
            }

            string fileName = Cell("filename");
            if (fileName.Length == 0 || fileName.Contains('/') || fileName.Contains('\\') || fileName.Contains(".."))
            {
                throw new InvalidDataException($"{csv} line {line + 1}: filename '{fileName}' is not a plain file name");
            }

            if (!listedOn.TryAdd(fileName, line + 1))
            {
                throw new InvalidDataException($"{csv} line {line + 1}: {fileName} is already listed on line {listedOn[fileName]} (one clip in two rows would count twice, or leak between folds)");
            }

            string esc10 = Cell("esc10");
            bool isEsc10 = bool.TryParse(esc10, out bool b)
                ? b
                : throw new InvalidDataException($"{csv} line {line + 1}: esc10 '{esc10}' is not True/False");
            int target = Int("target");
            string category = Cell("category");
            if (labels.TryGetValue(target, out string? known) && known != category)
            {
                throw new InvalidDataException($"{csv} line {line + 1}: target {target} is '{category}' here but '{known}' earlier");
            }

            labels[target] = category;
            clips.Add(new Esc50Clip(fileName, Int("fold"), target, category, isEsc10));
        }

        if (clips.Count == 0)
        {
            throw new InvalidDataException($"{csv}: no clips listed");
        }

        int classes = labels.Keys.Max() + 1;
        var labelArray = new string[classes];
        for (int t = 0; t < classes; t++)
        {
            labelArray[t] = labels.TryGetValue(t, out string? name)
                ? name
                : throw new InvalidDataException($"{csv}: no row has target {t} (targets must run 0..{classes - 1})");
        }

        return new Esc50Dataset(dir, csv, clips, labelArray);
    }

    public IEnumerable<Esc50Clip> InFolds(IReadOnlySet<int> folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        foreach (Esc50Clip c in Clips)
        {
            if (folds.Contains(c.Fold))
            {
                yield return c;
            }
        }
    }

    public string AudioPath(Esc50Clip c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return Path.Combine(Directory, "audio", c.FileName);
    }

    /// <summary>Mono samples at 16 kHz. A missing file throws <see cref="FileNotFoundException"/>, a bad one <see cref="WavFormatException"/>; both name the file.</summary>
    public float[] LoadMono16k(Esc50Clip c)
    {
        string path = AudioPath(c);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: audio file listed in {MetadataPath} is missing", path);
        }

        AudioClip clip = WavReader.Read(path);
        foreach (string warning in clip.Warnings)
        {
            Warning?.Invoke($"{path}: {warning}");
        }

        if (InputBandCheck.Shortfall(clip.SampleRate, FrontendConfig.Default) is { } shortfall && _narrowRates.TryAdd(clip.SampleRate, true))
        {
            Warning?.Invoke($"{path} (and any other clip at {clip.SampleRate} Hz): {shortfall}");
        }

        return clip.SampleRate == SampleRate ? clip.Samples : Resampler.Resample(clip.Samples, clip.SampleRate, SampleRate);
    }

    /// <summary>
    /// Loads clips on two threads. A clip whose file is missing, unreadable or not a valid WAV is recorded in
    /// <see cref="Esc50LoadResult.Failures"/> (file + message) and skipped; <paramref name="progress"/> receives the
    /// number of clips handled so far.
    /// </summary>
    public Esc50LoadResult LoadAll(IEnumerable<Esc50Clip> clips, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(clips);
        Esc50Clip[] list = [.. clips];
        var samples = new float[]?[list.Length];
        var errors = new Esc50LoadFailure?[list.Length];
        int done = 0;
        Parallel.For(0, list.Length, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            try
            {
                samples[i] = LoadMono16k(list[i]);
            }
            catch (Exception e) when (IsFileProblem(e))
            {
                errors[i] = new Esc50LoadFailure(AudioPath(list[i]), e.Message);
            }

            progress?.Report(Interlocked.Increment(ref done));
        });

        var loaded = new List<Esc50LoadedClip>(list.Length);
        var failures = new List<Esc50LoadFailure>();
        for (int i = 0; i < list.Length; i++)
        {
            if (samples[i] is { } s)
            {
                loaded.Add(new Esc50LoadedClip(list[i], s));
            }
            else if (errors[i] is { } f)
            {
                failures.Add(f);
            }
        }

        return new Esc50LoadResult(loaded, failures);
    }

    /// <summary>Errors that concern one file (missing, unreadable, malformed) rather than a program fault.</summary>
    internal static bool IsFileProblem(Exception e) => e is IOException or UnauthorizedAccessException or InvalidDataException;
}
