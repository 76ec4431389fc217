namespace EdgeSound.Dsp.Audio;

/// <summary>
/// Reads a whole WAV file into memory as one mono <see cref="AudioClip"/> (for clips; long recordings are read with
/// <see cref="WavStreamReader"/>; at most <see cref="MaxFrames"/>). Formats, refusals and warnings are those of <see cref="WavHeader"/> and
/// <see cref="WavStreamReader"/>; every error is an <see cref="IOException"/> (a <see cref="WavFormatException"/>
/// for a bad file) whose message starts with the file name.
/// </summary>
public static class WavReader
{
    private const int ReadFrames = 16384;

    /// <summary>Most frames loaded at once: 2^28 (1 GiB of floats; 4.6 h at 16 kHz, 1.5 h at 48 kHz).</summary>
    public const int MaxFrames = 1 << 28;

    public static AudioClip Read(string path)
    {
        using var reader = WavStreamReader.Open(path);
        return ReadAll(reader);
    }

    public static AudioClip Read(Stream s, string sourceName)
    {
        using var reader = new WavStreamReader(s, sourceName, leaveOpen: true);
        return ReadAll(reader);
    }

    private static AudioClip ReadAll(WavStreamReader reader)
    {
        long expected = reader.FrameCount ?? ReadFrames;
        if (expected > MaxFrames)
        {
            throw new WavFormatException(reader.SourceName, $"{expected} sample frames are too many to load at once (at most {MaxFrames}): split it into shorter files");
        }

        // A pipe's header may overstate its length: start small there and grow with what actually arrives.
        var samples = new float[reader.IsSeekable ? expected : Math.Min(expected, ReadFrames)];
        int count = 0;
        Span<float> probe = stackalloc float[256];
        while (true)
        {
            int n = count < samples.Length ? reader.Read(samples.AsSpan(count)) : reader.Read(probe);
            if (n == 0)
            {
                break;
            }

            if (count == samples.Length)
            {
                if (samples.Length == MaxFrames)
                {
                    throw new WavFormatException(reader.SourceName, $"more than {MaxFrames} sample frames are too many to load at once: split it into shorter files");
                }

                Array.Resize(ref samples, Math.Min(MaxFrames, Math.Max(2 * samples.Length, ReadFrames)));
                probe[..n].CopyTo(samples.AsSpan(count));
            }

            count += n;
        }

        if (count == 0)
        {
            throw new WavFormatException(reader.SourceName, "no audio: the data chunk holds no whole sample frame");
        }

        if (count < samples.Length)
        {
            Array.Resize(ref samples, count);
        }

        return new AudioClip(reader.SampleRate, samples) { Warnings = reader.Warnings };
    }
}
