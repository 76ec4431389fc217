using EdgeSound.Inference;
using EdgeSound.Dsp.Files;
using System.Text.Json;

namespace EdgeSound.Learning.Soundscapes;

/// <summary>Reads back the <c>X.json</c> that <c>soundscape generate</c> writes beside its WAV and truth CSV.</summary>
public static class SoundscapeJson
{
    /// <summary>The soundscape's length in seconds (<c>duration_s</c>), positive and finite.</summary>
    /// <exception cref="InvalidDataException">The file is not JSON, not an object, or <c>duration_s</c> is missing, not a number, not finite or not positive; the message names the file and the key.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static double ReadDuration(string path)
    {
        JsonDocument doc;
        try
        {
            doc = StrictJson.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e);
        }

        using (doc)
        {
            return JsonFields.Number(doc.RootElement, "duration_s", path, double.Epsilon, double.MaxValue, "not a positive finite number of seconds");
        }
    }
}
