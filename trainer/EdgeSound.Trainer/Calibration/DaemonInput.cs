using EdgeSound.Daemon.Audio;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Dsp.Audio;

namespace EdgeSound.Trainer.Calibration;

/// <summary>
/// What the daemon's pipeline receives when these 16 kHz samples are played to it as a PCM16 WAV file with the
/// default audio options: the samples quantised to int16 as the file holds them, read back as x / 32768, then
/// conditioned like live capture (<see cref="SampleConditioner"/>: DC removal, gain, 16 kHz int16).
/// </summary>
public static class DaemonInput
{
    public static short[] FromWav16k(ReadOnlySpan<float> samples)
    {
        var audio = new AudioOptions();
        const int chunk = 16000;
        var conditioner = new SampleConditioner(SampleConditioner.OutputRate, 1, 0, audio.GainDb, audio.DcRemoval, chunk);
        var read = new float[chunk];
        var written = new short[Math.Max(conditioner.MaxOutput(chunk), conditioner.MaxFlushOutput)];
        var result = new List<short>(samples.Length + chunk);
        for (var i = 0; i < samples.Length; i += chunk)
        {
            var part = samples.Slice(i, Math.Min(chunk, samples.Length - i));
            for (var j = 0; j < part.Length; j++)
            {
                read[j] = Pcm.ToInt16(part[j]) / 32768f;
            }

            result.AddRange(written.AsSpan(0, conditioner.Process(read.AsSpan(0, part.Length), written)));
        }

        result.AddRange(written.AsSpan(0, conditioner.Flush(written)));
        return [.. result];
    }
}
