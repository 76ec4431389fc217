using EdgeSound.Daemon.Cues;
using EdgeSound.Dsp.Synthesis;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EdgeSound.Daemon.Tests.Cues;

/// <summary>The designer's own file at start: entries the model cannot use are left out and logged; a broken file is refused naming it.</summary>
public sealed class CueDesignerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-designer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Saved_cues_for_unknown_labels_or_bad_patterns_are_left_out_and_logged()
    {
        File.WriteAllText(Path.Combine(_dir, DesignerCueFile.FileName), """
            {"classes": {"dog": {"pattern": "C5/4 E5/4", "saved": "2026-11-30T10:00:00.000+00:00"},
                         "cat": {"pattern": "C5/4"},
                         "siren": {"pattern": "C5/4 H5"}}}
            """);
        var library = CueLibrary.CreateEmpty();
        var log = new RecordingLogger();

        var designer = CueDesigner.Open(_dir, library, ["dog", "siren"], 16000, "", log);

        Assert.Equal(["dog"], library.Labels);
        Assert.Equal(PatternParser.Parse("C5/4 E5/4"), library.Find("dog"));
        Assert.Equal([new DesignedCue("dog", PatternParser.Parse("C5/4 E5/4").ToText(), "designer"), new DesignedCue("siren", null, null), new DesignedCue("unknown", null, null)], designer.Cues());
        var warnings = log.At(LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("cat left out: unknown label 'cat'", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("siren left out: pattern error at column 6", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_that_is_not_a_designer_file_is_refused_naming_it()
    {
        var path = Path.Combine(_dir, DesignerCueFile.FileName);
        File.WriteAllText(path, "{\"classes\": [1, 2");

        var e = Assert.Throws<IOException>(() => CueDesigner.Open(_dir, CueLibrary.CreateEmpty(), ["dog"], 16000, "", new RecordingLogger()));

        Assert.StartsWith(path + ": not a cue designer file", e.Message, StringComparison.Ordinal);
    }
}
