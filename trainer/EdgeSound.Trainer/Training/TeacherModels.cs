using System.Diagnostics;
using System.Security.Cryptography;
using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;
using EdgeSound.Learning.Neural;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// <c>train --teacher A.onnx,B.onnx</c>: the teachers of knowledge distillation. Each teacher is an EdgeSound model
/// file run by ONNX Runtime (the device's own path), which must have the training run's labels in the same order and
/// this trainer's frontend and window length. Their probabilities are averaged (an ensemble) for every window start
/// <see cref="HopFrames"/> frames apart in each training clip, then softened by the distillation temperature.
/// </summary>
internal static class TeacherModels
{
    /// <summary>Frames between two scored window starts (64 ms at the default 16 ms hop).</summary>
    public const int HopFrames = 4;

    /// <summary>One teacher as recorded in the student's metadata and card.</summary>
    public sealed record Teacher(string File, string Sha256);

    /// <summary>Scores <paramref name="training"/> with every teacher (checked first, then one session per thread).</summary>
    /// <exception cref="InvalidDataException">a teacher's labels, frontend or window differ from this run's (file and
    /// key named), or it cannot be loaded.</exception>
    public static TeacherTargets Score(IReadOnlyList<string> paths, IReadOnlyList<LabeledFrames> training,
        string[] labels, FrontendConfig frontend, WindowPlan plan, double temperature, int threads, TextWriter log)
    {
        var clock = Stopwatch.StartNew();
        foreach (string path in paths)
        {
            Open(path, labels, frontend, plan).Dispose();
        }

        var targets = new float[training.Count][];
        int classes = labels.Length;
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, worker =>
        {
            var sessions = paths.Select(p => Open(p, labels, frontend, plan)).ToList();
            try
            {
                var window = new sbyte[plan.WindowFrames * frontend.MelBands];
                var scores = new float[classes];
                for (int i = worker; i < training.Count; i += threads)
                {
                    FrameMatrix m = training[i].Frames;
                    int positions = TeacherTargets.Positions(m.Frames, plan.WindowFrames, HopFrames);
                    var mine = new float[positions * classes];
                    for (int p = 0; p < positions; p++)
                    {
                        ClipDecision.CopyWindow(m, p * HopFrames, plan.WindowFrames, window);
                        Span<float> target = mine.AsSpan(p * classes, classes);
                        foreach (SoundClassifier teacher in sessions)
                        {
                            teacher.Score(window, scores);
                            for (int c = 0; c < classes; c++)
                            {
                                target[c] += scores[c] / sessions.Count;
                            }
                        }

                        TeacherTargets.Soften(target, temperature);
                    }

                    targets[i] = mine;
                }
            }
            finally
            {
                sessions.ForEach(s => s.Dispose());
            }
        });

        log.WriteLine($"teachers: {paths.Count} model(s) scored {targets.Sum(t => t.Length) / classes} windows of {training.Count} clips in {clock.Elapsed.TotalSeconds:F1} s (T = {temperature})");
        return new TeacherTargets(targets, HopFrames, classes);
    }

    /// <summary>File name and SHA-256 of each teacher, for the student's metadata and card.</summary>
    public static IReadOnlyList<Teacher> Describe(IReadOnlyList<string> paths) =>
        [.. paths.Select(p => new Teacher(Path.GetFileName(p), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(p)))))];

    private static SoundClassifier Open(string path, string[] labels, FrontendConfig frontend, WindowPlan plan)
    {
        SoundClassifier teacher;
        try
        {
            teacher = SoundClassifier.Load(path);
        }
        catch (ModelLoadException e)
        {
            throw new InvalidDataException($"--teacher: {e.Message}", e);
        }

        string? problem = !teacher.Labels.SequenceEqual(labels)
            ? $"its labels ({string.Join(',', teacher.Labels)}) are not this run's ({string.Join(',', labels)}) in the same order"
            : !teacher.Frontend.ToMetadata().SequenceEqual(frontend.ToMetadata()) ? "its frontend.* metadata differs from this trainer's frontend"
            : teacher.Plan.WindowFrames != plan.WindowFrames ? $"its windows are {teacher.Plan.WindowFrames} frames, this trainer's are {plan.WindowFrames}"
            : null;
        if (problem is not null)
        {
            teacher.Dispose();
            throw new InvalidDataException($"{path}: --teacher cannot teach this run: {problem}");
        }

        return teacher;
    }
}
