namespace EdgeSound.Dsp.Audio;

/// <summary>
/// Reads a whole WAV file into memory as one mono <see cref="AudioClip"/> (for clips; long recordings are read with
/// <see cref="WavStreamReader"/>). Formats, refusals and warnings are those of <see cref="WavHeader"/> and
/// <see cref="WavStreamReader"/>; every error is an <see cref="IOException"/> (a <see cref="WavFormatException"/>
/// for a bad file) whose message starts with the file name.
/// </summary>
public static class WavReader
{
    private const int ReadFrames = 16384;

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
        if (expected > Array.MaxLength)
        {
            throw new WavFormatException(reader.SourceName, $"{expected} sample frames are too many to load at once (at most {Array.MaxLength}); stream the file instead");
        }

        var samples = new float[expected];
        int count = 0;
        while (reader.FrameCount is null || count < samples.Length)
        {
            if (count == samples.Length)
            {
                if (samples.Length == Array.MaxLength)
                {
                    throw new WavFormatException(reader.SourceName, $"more than {Array.MaxLength} sample frames are too many to load at once; stream the file instead");
                }

                Array.Resize(ref samples, (int)Math.Min(Array.MaxLength, 2L * samples.Length));
            }

            int n = reader.Read(samples.AsSpan(count));
            if (n == 0)
            {
                break;
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
