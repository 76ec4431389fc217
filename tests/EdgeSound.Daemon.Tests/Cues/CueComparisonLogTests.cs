using EdgeSound.Daemon.Cues;
using Xunit;

namespace EdgeSound.Daemon.Tests.Cues;

public sealed class CueComparisonLogTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-cmp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Lines_that_are_not_comparisons_are_counted_as_unreadable_a_string_that_is_not_valid_unicode_included()
    {
        var path = Path.Combine(_dir, CueComparisonLog.FileName);
        File.WriteAllLines(path,
        [
            """{"time":"2026-11-30T10:00:00+00:00","label":"dog","a":"C5/4","b":"D5/4","choice":"a","model_sha256":"x"}""",
            """{"time":"2026-11-30T10:01:00+00:00","label":"dog","a":"\ud800","b":"D5/4","choice":"b","model_sha256":"x"}""",
            "not json",
        ]);
        var comparisons = new CueComparisonLog(path).Read("dog", out var unreadable);
        Assert.Equal("C5/4", Assert.Single(comparisons).A);
        Assert.Equal(2, unreadable);
    }
}
