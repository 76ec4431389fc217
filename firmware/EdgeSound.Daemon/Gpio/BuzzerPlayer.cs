using Iot.Device.Buzzer;

namespace EdgeSound.Daemon.Gpio;

/// <summary>
/// Plays sequences of <see cref="Tone"/>s on a piezo buzzer driven by a hardware PWM channel through .NET IoT's
/// <see cref="Buzzer"/> (50% duty square wave at the tone's frequency; stopped during rests and after the last tone).
/// One sequence at a time: a sequence asked for while another plays waits for it.
/// </summary>
public sealed class BuzzerPlayer(Buzzer buzzer) : IDisposable
{
    /// <summary>Highest tone frequency accepted, Hz (beyond hearing and most piezo ratings).</summary>
    public const double MaxFrequencyHz = 20000;

    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Plays <paramref name="tones"/> in order; returns when the last one ended (or on cancellation, silenced).</summary>
    /// <exception cref="ArgumentException">A frequency is negative, not finite or above <see cref="MaxFrequencyHz"/>, or a
    /// duration is negative; the message names the step. Nothing plays then.</exception>
    public async Task PlayAsync(IReadOnlyList<Tone> tones, CancellationToken cancel)
    {
        Validate(tones);
        await _one.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            foreach (var tone in tones)
            {
                if (tone.FrequencyHz > 0)
                {
                    buzzer.StartPlaying(tone.FrequencyHz);
                }
                else
                {
                    buzzer.StopPlaying();
                }

                await Task.Delay(tone.Duration, cancel).ConfigureAwait(false);
            }
        }
        finally
        {
            buzzer.StopPlaying();
            _one.Release();
        }
    }

    public void Dispose()
    {
        buzzer.Dispose();
        _one.Dispose();
    }

    private static void Validate(IReadOnlyList<Tone> tones)
    {
        for (var i = 0; i < tones.Count; i++)
        {
            var t = tones[i];
            if (!double.IsFinite(t.FrequencyHz) || t.FrequencyHz < 0 || t.FrequencyHz > MaxFrequencyHz)
            {
                throw new ArgumentException($"tone {i}: frequency {t.FrequencyHz} Hz is outside 0 (rest) .. {MaxFrequencyHz} Hz", nameof(tones));
            }

            if (t.Duration < TimeSpan.Zero)
            {
                throw new ArgumentException($"tone {i}: duration {t.Duration.TotalMilliseconds} ms is negative", nameof(tones));
            }
        }
    }
}
