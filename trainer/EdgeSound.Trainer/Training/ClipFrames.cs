using System.Diagnostics;
using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Learning.Data;
using EdgeSound.Learning.Neural;
using EdgeSound.Trainer.Commands;

namespace EdgeSound.Trainer.Training;

/// <summary>Reads the selected clips and computes their frames with the device's fixed-point frontend.</summary>
internal static class ClipFrames
{
    /// <summary>
    /// The items' frames through the fixed-point frontend, labelled by their index in <paramref name="labels"/>. Each
    /// item whose audio cannot be read is listed on <paramref name="log"/> and left out.
    /// </summary>
    /// <exception cref="InvalidDataException">none of the selected clips could be read (the dataset named).</exception>
    public static List<LabeledFrames> Load(ILabeledDataset dataset, IReadOnlyList<DatasetItem> selected, string[] labels, FrontendConfig frontend, int threads, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        DatasetLoadResult audio = DatasetAudio.LoadAll(selected, threads, DataOption.Warnings(log), new ProgressLines(log, selected.Count));
        foreach (DatasetProblem failure in audio.Failures)
        {
            log.WriteLine($"skipped {failure.File}: {failure.Reason}");
        }

        var frames = new LabeledFrames[audio.Loaded.Count];
        Parallel.For(0, frames.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            LoadedItem item = audio.Loaded[i];
            FrameMatrix m = Frontend.ComputeClip(frontend, Pcm.ToInt16(item.Samples));
            frames[i] = new LabeledFrames(item.Item.Name, item.Item.Fold, Array.IndexOf(labels, item.Item.Label), m);
        });

        if (frames.Length == 0)
        {
            throw new InvalidDataException($"{dataset.Location}: none of the {selected.Count} selected clips could be read");
        }

        log.WriteLine($"frames: {frames.Length} clips through the fixed-point frontend in {clock.Elapsed.TotalSeconds:F1} s"
            + (audio.Failures.Count > 0 ? $" ({audio.Failures.Count} skipped)" : ""));
        return [.. frames];
    }

    /// <summary>Writes "frames: N/M clips" every 200 clips.</summary>
    private sealed class ProgressLines(TextWriter log, int total) : IProgress<int>
    {
        public void Report(int value)
        {
            if (value % 200 == 0 || value == total)
            {
                lock (log)
                {
                    log.WriteLine($"frames: {value}/{total} clips read");
                }
            }
        }
    }
}
