using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Learning.Onnx;
using Xunit;

namespace EdgeSound.Inference.Tests;

public sealed class ClipClassifierTests
{
    private static short[] NoiseThenSilence(int soundSamples, int silentSamples, int seed)
    {
        var rng = new Random(seed);
        var pcm = new short[soundSamples + silentSamples];
        for (int i = 0; i < soundSamples; i++)
        {
            pcm[i] = (short)(rng.Next(-8000, 8000) + (6000 * Math.Sin(i * 0.07)));
        }

        return pcm;
    }

    private static float[] ReferenceAverage(TinyCnn cnn, FrameMatrix frames, IReadOnlyList<int> starts)
    {
        var sum = new double[cnn.Labels.Length];
        var window = new sbyte[cnn.Frames * cnn.Bands];
        foreach (int s in starts)
        {
            ClipDecision.CopyWindow(frames, s, cnn.Frames, window);
            float[] p = cnn.Reference(window);
            for (int k = 0; k < sum.Length; k++)
            {
                sum[k] += p[k];
            }
        }

        return [.. sum.Select(v => (float)(v / starts.Count))];
    }

    [Fact]
    public void Clip_scores_average_the_non_silent_windows()
    {
        var cnn = new TinyCnn(frames: 16, bands: 16, seed: 7);
        using var dir = new TempDir();
        using SoundClassifier classifier = SoundClassifier.Load(cnn.Save(dir.Path));
        short[] pcm = NoiseThenSilence(16000, 16000, seed: 2);

        float[] clip = ClipClassifier.Classify(classifier, pcm);

        FrameMatrix frames = Frontend.ComputeClip(cnn.Frontend, pcm);
        IReadOnlyList<int> kept = ClipDecision.WindowStarts(frames, cnn.Plan);
        float[] expected = ReferenceAverage(cnn, frames, kept);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.InRange(clip[k], expected[k] - 1e-4f, expected[k] + 1e-4f);
        }

        // The silent half was skipped: averaging every window would give another answer.
        var all = new List<int>();
        for (int s = 0; s + cnn.Frames <= frames.Frames; s += cnn.Plan.HopFrames)
        {
            all.Add(s);
        }

        Assert.True(kept.Count < all.Count, $"kept {kept.Count} of {all.Count} windows");
        float[] everything = ReferenceAverage(cnn, frames, all);
        Assert.True(Math.Abs(everything[0] - clip[0]) > 1e-4f || Math.Abs(everything[1] - clip[1]) > 1e-4f);
    }

    [Fact]
    public void Louder_windows_weigh_more_by_the_models_exponent()
    {
        var cnn = new TinyCnn(frames: 16, bands: 16, seed: 7);
        using var dir = new TempDir();
        OnnxGraphBuilder b = cnn.Builder();
        b.SetMetadata(ModelMetadataKeys.LevelWeightExponent, "1");
        string path = dir.File("weighted.onnx");
        TinyCnn.SaveSealed(b, path);
        using SoundClassifier classifier = SoundClassifier.Load(path);
        short[] pcm = NoiseThenSilence(32000, 0, seed: 3);
        for (int i = 16000; i < pcm.Length; i++)
        {
            pcm[i] = (short)(pcm[i] / 30);
        }

        float[] clip = ClipClassifier.Classify(classifier, pcm);

        // Reference: each window weighs its mel energy (10^(v * dB per step / 10) summed) over the loudest window's.
        FrameMatrix frames = Frontend.ComputeClip(cnn.Frontend, pcm);
        IReadOnlyList<int> starts = ClipDecision.WindowStarts(frames, cnn.Plan);
        var window = new sbyte[cnn.Frames * cnn.Bands];
        var energies = new List<double>();
        var sum = new double[cnn.Labels.Length];
        foreach (int s in starts)
        {
            ClipDecision.CopyWindow(frames, s, cnn.Frames, window);
            energies.Add(window.Sum(v => Math.Pow(10, v * LogMelScale.DbPerStep / 10)));
        }

        for (int i = 0; i < starts.Count; i++)
        {
            ClipDecision.CopyWindow(frames, starts[i], cnn.Frames, window);
            float[] p = cnn.Reference(window);
            for (int k = 0; k < sum.Length; k++)
            {
                sum[k] += energies[i] / energies.Max() * p[k];
            }
        }

        double weights = energies.Sum(e => e / energies.Max());
        for (int k = 0; k < sum.Length; k++)
        {
            Assert.InRange(clip[k], (sum[k] / weights) - 1e-4, (sum[k] / weights) + 1e-4);
        }

        // The quiet half weighs about a thousandth (30 dB down), so the plain mean gives another answer.
        float[] plain = ReferenceAverage(cnn, frames, starts);
        Assert.True(Enumerable.Range(0, clip.Length).Any(k => Math.Abs(plain[k] - clip[k]) > 1e-3f), "weighting changed nothing");
    }

    [Fact]
    public void A_clip_shorter_than_a_window_is_padded_and_scored()
    {
        var cnn = new TinyCnn(frames: 32, bands: 16);
        using var dir = new TempDir();
        using SoundClassifier classifier = SoundClassifier.Load(cnn.Save(dir.Path));
        short[] pcm = NoiseThenSilence(2000, 0, seed: 4);

        float[] clip = ClipClassifier.Classify(classifier, pcm);

        FrameMatrix frames = Frontend.ComputeClip(cnn.Frontend, pcm);
        Assert.True(frames.Frames < cnn.Frames);
        float[] expected = ReferenceAverage(cnn, frames, [0]);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.InRange(clip[k], expected[k] - 1e-4f, expected[k] + 1e-4f);
        }
    }

    [Fact]
    public void Frames_with_another_band_count_are_refused()
    {
        var cnn = new TinyCnn();
        using var dir = new TempDir();
        using SoundClassifier classifier = SoundClassifier.Load(cnn.Save(dir.Path));
        var frames = new FrameMatrix(20, cnn.Bands + 1, new sbyte[20 * (cnn.Bands + 1)]);
        Assert.Throws<ArgumentException>(() => ClipClassifier.Classify(classifier, frames));
    }
}
