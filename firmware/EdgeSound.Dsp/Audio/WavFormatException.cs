namespace EdgeSound.Dsp.Audio;

/// <summary>
/// A WAV file that cannot be decoded. The message starts with the file name, then says the problem.
/// Derives from <see cref="IOException"/> because <see cref="InvalidDataException"/> is sealed in .NET; catch
/// <see cref="IOException"/> to handle it together with missing or unreadable files.
/// </summary>
public sealed class WavFormatException : IOException
{
    public WavFormatException(string sourceName, string problem)
        : base($"{sourceName}: {problem}")
    {
        SourceName = sourceName;
        Problem = problem;
    }

    /// <summary>The file name (or stream name) the reader was given.</summary>
    public string SourceName { get; }

    /// <summary>The problem without the file name.</summary>
    public string Problem { get; }
}
