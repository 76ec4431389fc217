using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Cues;
using Xunit;

namespace EdgeSound.Daemon.Tests.Cues;

public sealed class CueLibraryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-cues-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Loads_patterns_given_as_text_or_in_a_file()
    {
        var file = Path.Combine(_dir, "dog.txt");
        File.WriteAllText(file, "bpm=120 wave=sine: C5/4 E5/4\n");
        var (library, errors) = Load(("dog", null, file), ("siren", "wave=square: A5/8 r/8 A5/8", null));
        Assert.Empty(errors);
        Assert.Equal(["dog", "siren"], library.Labels.Order(StringComparer.Ordinal));
        Assert.Equal(2, library.Find("dog")!.Events.Count);
        Assert.Null(library.Find("cat"));
    }

    [Fact]
    public void A_bad_pattern_in_a_file_names_the_key_the_file_the_column_and_the_token()
    {
        var file = Path.Combine(_dir, "bad.txt");
        File.WriteAllText(file, "bpm=120: C5/4 H5/8");
        var (library, errors) = Load(("dog", null, file));
        var line = Assert.Single(errors);
        Assert.StartsWith($"cues:classes:dog:file: {file}: pattern error at column 15, token 'H5/8'", line);
        Assert.Empty(library.Labels);
    }

    [Fact]
    public void A_missing_file_and_a_note_the_rate_cannot_carry_are_refused_naming_the_key()
    {
        var missing = Path.Combine(_dir, "nope.txt");
        var (_, errors) = Load(("dog", null, missing), ("siren", "C9/4", null));
        Assert.Equal(2, errors.Count);
        Assert.StartsWith($"cues:classes:dog:file: cannot read '{missing}'", errors[0]);
        Assert.StartsWith("cues:classes:siren: note 1 (C9", errors[1]);
        Assert.EndsWith("(cues:sample_rate 8000)", errors[1]);
    }

    private static (CueLibrary, List<string>) Load(params (string Label, string? Pattern, string? File)[] classes)
    {
        var options = new CueOptions { SampleRate = 8000 };
        foreach (var (label, pattern, file) in classes)
        {
            options.Classes[label] = new CueClassOptions { Pattern = pattern, File = file };
        }

        var errors = new List<string>();
        return (CueLibrary.Load(options, errors), errors);
    }
}
