namespace EdgeSound.Learning.Data;

/// <summary>Opens <c>--data</c> in whichever layout it holds.</summary>
public static class DatasetLayouts
{
    /// <summary>
    /// Picks the layout by what <paramref name="path"/> holds, in this order: a <c>.csv</c> file is a manifest; a folder
    /// with clip sidecars (<c>ID.json</c> beside <c>ID.wav</c>) is a device's clip folder; a folder with
    /// <c>meta/esc50.csv</c> is ESC-50; a folder with <c>manifest.csv</c> is a manifest; a folder whose WAVs have
    /// Audacity label tracks (<c>.txt</c>) beside them is a set of labelled recordings; a folder whose sub-folders hold
    /// WAVs is a folder per class. Anything else throws naming the path and the layouts looked for.
    /// </summary>
    public static ILabeledDataset Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path) && Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return ManifestDataset.Open(path);
        }

        if (File.Exists(path))
        {
            throw new InvalidDataException($"{path}: is a file; a dataset is a folder or a .csv manifest");
        }

        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"{path}: dataset folder (or .csv manifest) not found");
        }

        if (ClipFolderDataset.IsClipFolder(path))
        {
            return ClipFolderLayout.Open(path);
        }

        if (File.Exists(Path.Combine(path, "meta", "esc50.csv")))
        {
            return Esc50Layout.Open(path);
        }

        string manifest = Path.Combine(path, ManifestDataset.DefaultName);
        if (File.Exists(manifest))
        {
            return ManifestDataset.Open(manifest);
        }

        if (LabelTrackDataset.Matches(path))
        {
            return LabelTrackDataset.Open(path);
        }

        if (ClassFolderDataset.Matches(path))
        {
            return ClassFolderDataset.Open(path);
        }

        throw new InvalidDataException(
            $"{path}: no dataset found: expected meta/esc50.csv (ESC-50), {ManifestDataset.DefaultName} (filename,label[,fold]), WAVs with Audacity label tracks (NAME.txt beside NAME.wav), or a folder per class (DIR/<label>/*.wav)");
    }
}
