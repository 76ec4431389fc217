namespace EdgeSound.Dsp.Audio;

/// <summary>A mono clip: <paramref name="Samples"/> are in [-1, 1] for integer PCM sources (float sources pass through).</summary>
public sealed record AudioClip(int SampleRate, float[] Samples)
{
    /// <summary>Duration in seconds.</summary>
    public double DurationSeconds => SampleRate == 0 ? 0 : (double)Samples.Length / SampleRate;

    /// <summary>What the file's header got wrong and how it was read anyway (see <see cref="WavHeader"/>); empty for a sound file.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
