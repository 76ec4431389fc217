using System.Text.Json;
using EdgeSound.Daemon.Mqtt;
using Xunit;

namespace EdgeSound.Daemon.Tests.Mqtt;

public sealed class DiscoveryPayloadsTests
{
    private static readonly TopicLayout Topics = new("edgesound", "edgesound-pi", "homeassistant");
    private static readonly DeviceInfo Device = new("edgesound-pi", "Garage", "EdgeSound", "EdgeSound CNN (model.onnx)", "1.2.3");

    [Fact]
    public void Topics_follow_the_layout()
    {
        Assert.Equal("edgesound/edgesound-pi/availability", Topics.Availability);
        Assert.Equal("edgesound/edgesound-pi/event", Topics.Event);
        Assert.Equal("homeassistant/status", Topics.HomeAssistantStatus);
        Assert.Equal("homeassistant/event/edgesound-pi/sound/config", Topics.EventDiscovery);
        var custom = new TopicLayout("home/sound", "dev", "ha");
        Assert.Equal("ha/sensor/dev/level/config", custom.LevelDiscovery);
        Assert.Equal("ha/status", custom.HomeAssistantStatus);
    }

    [Fact]
    public void Event_entity_lists_the_event_types_and_reads_the_event_topic()
    {
        var messages = DiscoveryPayloads.Build(Topics, Device, ["dog", "siren"]);
        Assert.Equal(4, messages.Count);
        var ev = DiscoveryPayloads.Parse(messages[0].Payload);
        Assert.Equal("homeassistant/event/edgesound-pi/sound/config", messages[0].Topic);
        Assert.Equal(Topics.Event, ev.GetProperty("state_topic").GetString());
        Assert.Equal(["dog", "siren"], ev.GetProperty("event_types").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("edgesound-pi_sound", ev.GetProperty("unique_id").GetString());
    }

    [Fact]
    public void Every_entity_shares_availability_and_one_device_block()
    {
        foreach (var m in DiscoveryPayloads.Build(Topics, Device, ["dog"]))
        {
            var p = DiscoveryPayloads.Parse(m.Payload);
            Assert.Equal(Topics.Availability, p.GetProperty("availability_topic").GetString());
            Assert.Equal("online", p.GetProperty("payload_available").GetString());
            Assert.Equal("offline", p.GetProperty("payload_not_available").GetString());
            var d = p.GetProperty("device");
            Assert.Equal("edgesound-pi", d.GetProperty("identifiers")[0].GetString());
            Assert.Equal("Garage", d.GetProperty("name").GetString());
            Assert.Equal("EdgeSound", d.GetProperty("manufacturer").GetString());
            Assert.Equal("EdgeSound CNN (model.onnx)", d.GetProperty("model").GetString());
            Assert.Equal("1.2.3", d.GetProperty("sw_version").GetString());
        }
    }

    [Fact]
    public void Sensors_measure_level_in_dbfs_and_show_the_last_label()
    {
        var messages = DiscoveryPayloads.Build(Topics, Device, ["dog"]);
        var level = DiscoveryPayloads.Parse(messages[1].Payload);
        Assert.Equal(Topics.Level, level.GetProperty("state_topic").GetString());
        Assert.Equal("dBFS", level.GetProperty("unit_of_measurement").GetString());
        Assert.Equal("{{ value_json.level_dbfs }}", level.GetProperty("value_template").GetString());
        var last = DiscoveryPayloads.Parse(messages[2].Payload);
        Assert.Equal(Topics.Event, last.GetProperty("state_topic").GetString());
        Assert.Equal("{{ value_json.label }}", last.GetProperty("value_template").GetString());
        Assert.Equal(-42.5, JsonDocument.Parse(DiscoveryPayloads.LevelState(-42.46)).RootElement.GetProperty("level_dbfs").GetDouble());
    }

    [Fact]
    public void Laeq_sensor_is_a_sound_pressure_measurement_in_dB_fed_each_minute()
    {
        var messages = DiscoveryPayloads.Build(Topics, Device, ["dog"]);
        var laeq = messages.Single(m => m.Topic == "homeassistant/sensor/edgesound-pi/laeq/config");
        var p = DiscoveryPayloads.Parse(laeq.Payload);
        Assert.Equal("sound_pressure", p.GetProperty("device_class").GetString());
        Assert.Equal("dB", p.GetProperty("unit_of_measurement").GetString());
        Assert.Equal("measurement", p.GetProperty("state_class").GetString());
        Assert.Equal(Topics.Levels, p.GetProperty("state_topic").GetString());
        Assert.Equal("{{ value_json.laeq }}", p.GetProperty("value_template").GetString());

        var minute = new EdgeSound.Daemon.Levels.MinuteLevels(new DateTimeOffset(2026, 3, 1, 10, 4, 0, TimeSpan.Zero), 60, -52.04, -40, -49, -53, -56, null);
        var fs = JsonDocument.Parse(DiscoveryPayloads.LevelsState(minute)).RootElement;
        Assert.Equal(-52.0, fs.GetProperty("laeq").GetDouble());
        Assert.Equal("dBFS", fs.GetProperty("unit").GetString());
        Assert.Equal("2026-03-01T10:04:00Z", fs.GetProperty("start").GetString());
        var spl = JsonDocument.Parse(DiscoveryPayloads.LevelsState(minute with { CalibrationDb = 120 })).RootElement;
        Assert.Equal(68.0, spl.GetProperty("laeq").GetDouble());
        Assert.Equal(64.0, spl.GetProperty("l90").GetDouble());
        Assert.Equal("dB SPL", spl.GetProperty("unit").GetString());
    }

    [Fact]
    public void Unique_ids_differ_between_entities()
    {
        var ids = DiscoveryPayloads.Build(Topics, Device, ["dog"]).Select(m => DiscoveryPayloads.Parse(m.Payload).GetProperty("unique_id").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void A_run_offers_the_feedback_entities_with_clips_on_and_removes_them_with_clips_off()
    {
        string[] feedback = [Topics.ConfirmDiscovery, Topics.FalseAlarmDiscovery, Topics.RelabelDiscovery];
        var on = DiscoveryPayloads.ForRun(Topics, Device, ["dog"], ["dog", "siren"]);
        Assert.All(feedback, t => Assert.NotEmpty(on.Single(m => m.Topic == t).Payload));
        var off = DiscoveryPayloads.ForRun(Topics, Device, ["dog"], null);
        Assert.All(feedback, t => Assert.Equal("", off.Single(m => m.Topic == t).Payload));
        Assert.Equal(DiscoveryPayloads.Build(Topics, Device, ["dog"]), off.Where(m => m.Payload.Length > 0));
    }

    [Fact]
    public void A_run_with_discovery_off_withdraws_every_topic_a_run_with_it_on_can_announce()
    {
        var announced = DiscoveryPayloads.ForRun(Topics, Device, ["dog"], ["dog", "siren"]).Select(m => m.Topic).Order();
        var withdrawn = DiscoveryPayloads.Withdrawal(Topics);

        Assert.Equal(announced, withdrawn.Select(m => m.Topic).Order());
        Assert.All(withdrawn, m => Assert.Equal("", m.Payload));
    }

    [Theory]
    [InlineData("raspberrypi", "edgesound-raspberrypi")]
    [InlineData("Garage Pi.local", "edgesound-garage_pi_local")]
    [InlineData("küche-🐶", "edgesound-k_che-__")]
    public void Default_device_id_is_topic_safe(string host, string id)
    {
        Assert.Equal(id, TopicLayout.DefaultDeviceId(host));
        Assert.Null(EdgeSound.Daemon.Configuration.ValueRules.DeviceId(id));
    }
}
