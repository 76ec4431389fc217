using System.Text;
using EdgeSound.Daemon.Clips;
using Xunit;

namespace EdgeSound.Daemon.Tests.Clips;

public sealed class FeedbackCommandTests
{
    private static FeedbackCommand? Parse(string json, out string error) => FeedbackCommand.Parse(Encoding.UTF8.GetBytes(json), out error);

    [Theory]
    [InlineData("""{"clip":"20261130-080003-000-dog","verdict":"confirm"}""", "20261130-080003-000-dog", FeedbackVerdict.Confirm, null)]
    [InlineData("""{"clip":"last","verdict":"false_alarm","label":"ignored"}""", "last", FeedbackVerdict.FalseAlarm, null)]
    [InlineData("""{"verdict":"relabel","label":"door_bell","clip":"x-1"}""", "x-1", FeedbackVerdict.Relabel, "door_bell")]
    public void Valid_commands_parse(string json, string clip, FeedbackVerdict verdict, string? label)
    {
        Assert.Equal(new FeedbackCommand(clip, verdict, label), Parse(json, out var error));
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("confirm", "not JSON")]
    [InlineData("""["clip","last"]""", "expected a JSON object")]
    [InlineData("""{"verdict":"confirm"}""", "\"clip\"")]
    [InlineData("""{"clip":"../../etc/passwd","verdict":"confirm"}""", "\"clip\"")]
    [InlineData("""{"clip":"a b","verdict":"confirm"}""", "\"clip\"")]
    [InlineData("""{"clip":7,"verdict":"confirm"}""", "\"clip\"")]
    [InlineData("""{"clip":"last","verdict":"yes"}""", "\"verdict\"")]
    [InlineData("""{"clip":"last","verdict":"relabel"}""", "relabel needs")]
    [InlineData("""{"clip":"last","verdict":"relabel","label":"a/b"}""", "relabel needs")]
    [InlineData("""{"clip":"last","verdict":"relabel","label":""}""", "relabel needs")]
    [InlineData("""{"clip":"last","verdict":"relabel","label":"Door Bell"}""", "relabel needs")]
    [InlineData("""{"clip":"\ud800","verdict":"confirm"}""", "$.clip is not valid Unicode text")]
    [InlineData("""{"clip":"last","verdict":"relabel","label":"unknown"}""", "relabel to 'unknown' is not possible: it is reserved")]
    public void Malformed_commands_are_refused_with_the_reason(string json, string reason)
    {
        Assert.Null(Parse(json, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
