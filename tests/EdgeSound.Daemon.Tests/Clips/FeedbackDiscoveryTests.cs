using System.Text;
using System.Text.Json;
using EdgeSound.Daemon.Clips;
using EdgeSound.Daemon.Mqtt;
using Xunit;

namespace EdgeSound.Daemon.Tests.Clips;

public sealed class FeedbackDiscoveryTests
{
    private static readonly TopicLayout Topics = new("edgesound", "edgesound-pi", "homeassistant");
    private static readonly DeviceInfo Device = new("edgesound-pi", "Garage", "EdgeSound", "EdgeSound CNN (model.onnx)", "1.2.3");

    [Fact]
    public void Feedback_topics_follow_the_layout()
    {
        Assert.Equal("edgesound/edgesound-pi/feedback", Topics.Feedback);
        Assert.Equal("homeassistant/button/edgesound-pi/confirm/config", Topics.ConfirmDiscovery);
        Assert.Equal("homeassistant/button/edgesound-pi/false_alarm/config", Topics.FalseAlarmDiscovery);
        Assert.Equal("homeassistant/select/edgesound-pi/relabel/config", Topics.RelabelDiscovery);
    }

    [Fact]
    public void Buttons_press_a_valid_feedback_command_for_the_last_clip()
    {
        var messages = DiscoveryPayloads.BuildFeedback(Topics, Device, ClipFixtures.Labels);
        Assert.Equal([Topics.ConfirmDiscovery, Topics.FalseAlarmDiscovery, Topics.RelabelDiscovery], messages.Select(m => m.Topic));
        foreach (var (message, verdict) in messages.Take(2).Zip([FeedbackVerdict.Confirm, FeedbackVerdict.FalseAlarm]))
        {
            var p = DiscoveryPayloads.Parse(message.Payload);
            Assert.Equal(Topics.Feedback, p.GetProperty("command_topic").GetString());
            var press = Encoding.UTF8.GetBytes(p.GetProperty("payload_press").GetString()!);
            Assert.Equal(new FeedbackCommand("last", verdict, null), FeedbackCommand.Parse(press, out _));
        }
    }

    [Fact]
    public void Relabel_select_offers_the_model_labels_and_its_template_renders_a_valid_command()
    {
        var select = DiscoveryPayloads.Parse(DiscoveryPayloads.BuildFeedback(Topics, Device, ClipFixtures.Labels)[2].Payload);
        Assert.Equal(ClipFixtures.Labels, select.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(Topics.Feedback, select.GetProperty("command_topic").GetString());
        // Home Assistant renders {{ value | tojson }} as the option as a JSON string.
        var template = select.GetProperty("command_template").GetString()!;
        Assert.Contains("{{ value | tojson }}", template, StringComparison.Ordinal);
        var rendered = template.Replace("{{ value | tojson }}", JsonSerializer.Serialize("glass_breaking"), StringComparison.Ordinal);
        Assert.Equal(new FeedbackCommand("last", FeedbackVerdict.Relabel, "glass_breaking"), FeedbackCommand.Parse(Encoding.UTF8.GetBytes(rendered), out _));
    }

    [Fact]
    public void Feedback_entities_share_availability_and_the_device_block()
    {
        foreach (var m in DiscoveryPayloads.BuildFeedback(Topics, Device, ClipFixtures.Labels))
        {
            var p = DiscoveryPayloads.Parse(m.Payload);
            Assert.Equal(Topics.Availability, p.GetProperty("availability_topic").GetString());
            Assert.Equal("edgesound-pi", p.GetProperty("device").GetProperty("identifiers")[0].GetString());
            Assert.StartsWith("edgesound-pi_", p.GetProperty("unique_id").GetString(), StringComparison.Ordinal);
            Assert.Equal(1, p.GetProperty("qos").GetInt32());
        }
    }
}
