using EdgeSound.Learning.Soundscapes;

namespace EdgeSound.Trainer.Tests.Calibration;

/// <summary>
/// A stand-in classifier: of the window's frames whose loudest band is above zero (loud), "high" scores the fraction
/// whose loudest band is in the upper half, "low" 0.45 times the fraction in the lower half (a class the model is unsure
/// of), and "hum" a constant 0.55 (a class that would fire on anything at a low threshold).
/// </summary>
internal sealed class PitchScorer() : StandInScorer(["high", "low", "hum"])
{
    public override void Score(ReadOnlySpan<sbyte> window, Span<float> scores)
    {
        int high = 0, low = 0;
        for (var f = 0; f < WindowFrames; f++)
        {
            var frame = window.Slice(f * Bands, Bands);
            var loudest = 0;
            for (var b = 1; b < Bands; b++)
            {
                if (frame[b] > frame[loudest])
                {
                    loudest = b;
                }
            }

            if (frame[loudest] > 0)
            {
                if (loudest >= Bands / 2)
                {
                    high++;
                }
                else
                {
                    low++;
                }
            }
        }

        scores[0] = high / (float)WindowFrames;
        scores[1] = 0.45f * low / WindowFrames;
        scores[2] = 0.55f;
    }
}

/// <summary>Quiet noise with 2 s tones: "high" ones at 5 kHz, "low" ones at 300 Hz, alternating every 8 s.</summary>
internal static class ToneScape
{
    public static (short[] Pcm, List<SoundscapeEvent> Truth) Make(double seconds, int seed)
    {
        var rng = new Random(seed);
        var pcm = new short[(int)(seconds * 16000)];
        for (var i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)rng.Next(-40, 41);
        }

        var truth = new List<SoundscapeEvent>();
        var high = true;
        for (var t = 4.0; t + 2 < seconds; t += 8, high = !high)
        {
            var hz = high ? 5000.0 : 300.0;
            var start = (int)(t * 16000);
            for (var i = 0; i < 32000; i++)
            {
                pcm[start + i] += (short)(8000 * Math.Sin(2 * Math.PI * hz * i / 16000));
            }

            truth.Add(new SoundscapeEvent(high ? "high" : "low", "tone", t, t + 2, 30));
        }

        return (pcm, truth);
    }
}
