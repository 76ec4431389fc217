using EdgeSound.Daemon.Configuration;
using Xunit;

namespace EdgeSound.Daemon.Tests.Configuration;

public sealed class ConfigLoaderTests
{
    private static DaemonOptions FromYaml(string yaml, params string[] overrides)
    {
        var keys = ConfigLoader.ReadYaml(new StringReader(yaml), "test.yaml");
        return ConfigLoader.Bind([keys, ConfigLoader.ParseOverrides(overrides)], "test.yaml");
    }

    [Fact]
    public void Yaml_binds_nested_snake_case_keys_lists_and_class_dictionary()
    {
        var o = FromYaml("""
            audio:
              input: plughw:1,0
              sample_rate: 48000
              format: s32_le
              gain_db: 12.5
            detection:
              hop_s: 0.25
              include: [dog, siren]
              classes:
                dog:
                  threshold: 0.7
                  quiet_hours: "22:00-06:30"
            mqtt:
              host: broker.local
              outbox:
                full_policy: drop_newest
            """);
        Assert.Equal("plughw:1,0", o.Audio.Input);
        Assert.Equal(48000, o.Audio.SampleRate);
        Assert.Equal("s32_le", o.Audio.Format);
        Assert.Equal(12.5, o.Audio.GainDb);
        Assert.Equal(0.25, o.Detection.HopSeconds);
        Assert.Equal(["dog", "siren"], o.Detection.Include);
        Assert.Equal(0.7, o.Detection.Classes["dog"].Threshold);
        Assert.Null(o.Detection.Classes["dog"].OffsetThreshold);
        Assert.Equal("22:00-06:30", o.Detection.Classes["dog"].QuietHours);
        Assert.Equal("broker.local", o.Mqtt.Host);
        Assert.Equal("drop_newest", o.Mqtt.Outbox.FullPolicy);
        Assert.Empty(DaemonOptionsValidator.Check(o));
    }

    [Fact]
    public void Json_text_is_read_as_well()
    {
        var o = FromYaml("""{"detection": {"threshold": 0.8, "exclude": ["rain"]}, "events": {"file": "-"}}""");
        Assert.Equal(0.8, o.Detection.Threshold);
        Assert.Equal(["rain"], o.Detection.Exclude);
        Assert.Equal("-", o.Events.File);
    }

    [Fact]
    public void Overrides_win_over_the_file()
    {
        var o = FromYaml("detection:\n  hop_s: 0.5\n", "detection:hop_s=0.3", "mqtt:host=10.0.0.2");
        Assert.Equal(0.3, o.Detection.HopSeconds);
        Assert.Equal("10.0.0.2", o.Mqtt.Host);
    }

    [Fact]
    public void Unknown_keys_are_rejected_with_their_full_path()
    {
        var e = Assert.Throws<ConfigException>(() => FromYaml("""
            detection:
              treshold: 0.5
              classes:
                dog:
                  cooldown: 3
            mqtt:
              outbox:
                max: 5
            colour: blue
            """));
        Assert.Contains("test.yaml", e.Message);
        Assert.Contains("detection:treshold", e.Message);
        Assert.Contains("detection:classes:dog:cooldown", e.Message);
        Assert.Contains("mqtt:outbox:max", e.Message);
        Assert.Contains("colour", e.Message);
    }

    [Fact]
    public void Scalar_given_a_mapping_is_rejected()
    {
        var e = Assert.Throws<ConfigException>(() => FromYaml("detection:\n  hop_s:\n    value: 1\n"));
        Assert.Contains("detection:hop_s:value", e.Message);
    }

    [Fact]
    public void Unparsable_value_names_the_key()
    {
        var e = Assert.Throws<ConfigException>(() => FromYaml("detection:\n  hop_s: fast\n"));
        Assert.Contains("detection:hop_s", e.Message);
    }

    [Fact]
    public void Bad_override_syntax_is_explained()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.ParseOverrides(["detection:hop_s"]));
        Assert.Contains("key=value", e.Message);
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigLoader.ReadFile("/nonexistent/edgesound.yaml"));
        Assert.Contains("/nonexistent/edgesound.yaml", e.Message);
    }

    [Fact]
    public void Yaml_syntax_error_names_file_and_line()
    {
        var path = Path.Combine(Path.GetTempPath(), $"es-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "detection:\n  hop_s: [1, 2\n");
        try
        {
            var e = Assert.Throws<ConfigException>(() => ConfigLoader.ReadFile(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("line", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Defaults_are_valid_and_quiet()
    {
        var o = new DaemonOptions();
        Assert.Empty(DaemonOptionsValidator.Check(o));
        Assert.Equal("", o.Mqtt.Host);
        Assert.True(o.Detection.Threshold >= 0.5, "default onset threshold should keep background noise quiet");
        Assert.True(o.Detection.OffsetThreshold < o.Detection.Threshold);
        Assert.True(o.Detection.GateDbfs <= -50);
    }
}
