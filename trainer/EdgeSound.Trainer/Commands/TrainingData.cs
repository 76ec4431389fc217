using EdgeSound.Learning.Data;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// What <c>train --data DIR</c> reads: the labels (index = class target), the labelled files with their folds, where
/// they came from (for messages) and how to load one file as 16 kHz mono. <c>DIR</c> is a device's clip folder
/// (<see cref="ClipFolderDataset"/>) when it holds clip sidecars, else an ESC-50 folder.
/// </summary>
internal sealed record TrainingData(string[] Labels, IReadOnlyList<LabeledFile> Files, string Source, Func<LabeledFile, float[]> LoadMono16k)
{
    /// <exception cref="InvalidDataException">A clip folder whose clips with a verdict carry fewer than two labels.</exception>
    public static TrainingData Open(string dir, TextWriter log)
    {
        if (ClipFolderDataset.IsClipFolder(dir))
        {
            ClipFolderDataset clips = ClipFolderDataset.Open(dir);
            clips.Warning = w => log.WriteLine($"warning: {w}");
            foreach (UnusableFile u in clips.Unusable)
            {
                log.WriteLine($"skipped {u.Path}: {u.Reason}");
            }

            log.WriteLine($"data: device clip folder {dir}: {clips.Files.Count} clips with a verdict, {clips.Unusable.Count} skipped; labels {string.Join(", ", clips.Labels)}");
            if (clips.Labels.Length < 2)
            {
                throw new InvalidDataException($"{dir}: the clips with a verdict carry {clips.Labels.Length} label(s) ({string.Join(", ", clips.Labels)}); training needs at least two (false alarms give '{ClipFolderDataset.Background}')");
            }

            return new TrainingData(clips.Labels, clips.Files, dir, clips.LoadMono16k);
        }

        Esc50Dataset dataset = Esc50Dataset.Open(dir);
        dataset.Warning = w => log.WriteLine($"warning: {w}");
        var byPath = new Dictionary<string, Esc50Clip>(StringComparer.Ordinal);
        foreach (Esc50Clip c in dataset.Clips)
        {
            byPath.TryAdd(dataset.AudioPath(c), c);
        }

        return new TrainingData(dataset.Labels, [.. dataset.Clips.Select(c => new LabeledFile(dataset.AudioPath(c), c.Category, c.Fold))], dataset.MetadataPath,
            f => dataset.LoadMono16k(byPath[f.Path]));
    }
}
