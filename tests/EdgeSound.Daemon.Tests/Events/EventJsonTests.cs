using System.Text;
using System.Text.Json;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EdgeSound.Daemon.Tests.Events;

public sealed class EventJsonTests
{
    private static readonly DetectedEvent Sample = new(
        new DateTimeOffset(2026, 11, 21, 9, 30, 1, 250, TimeSpan.Zero), "dog", 0.91234, 12.5, 14.00049, -23.456);

    [Fact]
    public void Line_has_exactly_the_contract_fields_in_order()
    {
        Assert.Equal(
            """{"time":"2026-11-21T09:30:01.250+00:00","label":"dog","score":0.912,"start_s":12.5,"end_s":14,"level_dbfs":-23.5}""",
            EventJson.ToLine(Sample));
    }

    [Fact]
    public void Mqtt_payload_adds_event_type_for_home_assistant()
    {
        using var doc = JsonDocument.Parse(EventJson.ToUtf8(Sample, eventType: true));
        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["event_type", "time", "label", "score", "start_s", "end_s", "level_dbfs"], names);
        Assert.Equal("dog", doc.RootElement.GetProperty("event_type").GetString());
    }

    [Fact]
    public void A_kept_clip_adds_its_id_after_the_contract_fields_and_nothing_else_changes()
    {
        var withClip = Sample with { Clip = "20261121-093001-250-dog" };
        Assert.Equal(
            EventJson.ToLine(Sample).TrimEnd('}') + ""","clip":"20261121-093001-250-dog"}""",
            EventJson.ToLine(withClip));
        using var doc = JsonDocument.Parse(EventJson.ToUtf8(withClip, eventType: true));
        Assert.Equal("20261121-093001-250-dog", doc.RootElement.GetProperty("clip").GetString());
        Assert.Equal("20261121-093001-250-dog", EventJson.Parse(EventJson.ToLine(withClip)).Clip);
        Assert.Null(EventJson.Parse(EventJson.ToLine(Sample)).Clip);
    }

    [Fact]
    public void Line_parses_back()
    {
        var back = EventJson.Parse(EventJson.ToLine(Sample));
        Assert.Equal(Sample.Time, back.Time);
        Assert.Equal("dog", back.Label);
        Assert.Equal(0.912, back.Score);
        Assert.Equal(12.5, back.StartSeconds);
    }

    [Fact]
    public void Label_with_quotes_is_escaped()
    {
        var line = EventJson.ToLine(Sample with { Label = "a \"b\"" });
        Assert.Equal("a \"b\"", JsonDocument.Parse(line).RootElement.GetProperty("label").GetString());
    }

    [Fact]
    public void Writer_appends_one_line_per_event()
    {
        var stream = new MemoryStream();
        using (var w = new EventLineWriter(stream, "memory", NullLogger.Instance))
        {
            w.Write(Sample);
            w.Write(Sample with { Label = "siren" });
        }

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("siren", EventJson.Parse(lines[1]).Label);
    }
}
