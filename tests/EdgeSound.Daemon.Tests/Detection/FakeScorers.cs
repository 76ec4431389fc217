using EdgeSound.Daemon.Detection;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;

namespace EdgeSound.Daemon.Tests.Detection;

/// <summary>
/// A stand-in classifier for tests: label "tone" scores the fraction of frames in the window whose loudest band is
/// above zero (loud), "other" always 0.1. Counts calls. Like an ONNX session it must not be used by two threads at
/// once: it throws if it is (<paramref name="sleepMs"/> makes each call slow enough for that to show).
/// </summary>
internal sealed class LoudnessScorer(int windowFrames = 62, int sleepMs = 0) : IWindowScorer
{
    private int _busy;

    public IReadOnlyList<string> Labels { get; } = ["tone", "other"];
    public FrontendConfig Frontend { get; } = FrontendConfig.Default;
    public int WindowFrames { get; } = windowFrames;
    public int Bands => Frontend.MelBands;
    public IReadOnlyDictionary<string, double> ClassThresholds { get; init; } = new Dictionary<string, double>();
    public OpenSetRule? OpenSet => null;
    public int Calls { get; private set; }

    public void Score(ReadOnlySpan<sbyte> window, Span<float> scores)
    {
        if (Interlocked.Exchange(ref _busy, 1) == 1)
        {
            throw new InvalidOperationException("scorer used by two threads at once");
        }

        if (sleepMs > 0)
        {
            Thread.Sleep(sleepMs);
        }

        Calls++;
        var loud = 0;
        for (var f = 0; f < WindowFrames; f++)
        {
            var max = sbyte.MinValue;
            foreach (var v in window.Slice(f * Bands, Bands))
            {
                max = Math.Max(max, v);
            }

            if (max > 0)
            {
                loud++;
            }
        }

        scores[0] = loud / (float)WindowFrames;
        scores[1] = 0.1f;
        Volatile.Write(ref _busy, 0);
    }
}

internal static class Signals
{
    /// <summary>Digital silence, then a 1 kHz tone at the given amplitude, then silence (16 kHz int16).</summary>
    public static short[] SilenceToneSilence(double silence1, double tone, double silence2, double amplitude = 0.3)
    {
        var n1 = (int)(silence1 * 16000);
        var n2 = (int)(tone * 16000);
        var n3 = (int)(silence2 * 16000);
        var pcm = new short[n1 + n2 + n3];
        for (var i = 0; i < n2; i++)
        {
            pcm[n1 + i] = (short)Math.Round(amplitude * 32767 * Math.Sin(2 * Math.PI * 1000 * i / 16000.0));
        }

        return pcm;
    }
}
