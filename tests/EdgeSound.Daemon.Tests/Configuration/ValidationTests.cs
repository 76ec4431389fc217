using EdgeSound.Daemon.Configuration;
using Xunit;

namespace EdgeSound.Daemon.Tests.Configuration;

public sealed class ValidationTests
{
    [Fact]
    public void Class_threshold_out_of_range_names_the_key_and_value()
    {
        var o = new DaemonOptions();
        o.Detection.Classes["dog"] = new ClassOptions { Threshold = 1.5 };
        var errors = DaemonOptionsValidator.Check(o);
        Assert.Contains("detection:classes:dog:threshold must be in (0,1], got 1.5", errors);
    }

    [Fact]
    public void Offset_above_onset_is_rejected()
    {
        var o = new DaemonOptions();
        o.Detection.Threshold = 0.5;
        o.Detection.OffsetThreshold = 0.6;
        var errors = DaemonOptionsValidator.Check(o);
        Assert.Contains(errors, e => e.StartsWith("detection:offset_threshold must not exceed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("audio:speed", "fast")]
    [InlineData("audio:format", "s24_3le")]
    [InlineData("mqtt:outbox:full_policy", "drop_all")]
    [InlineData("logging:level", "Loud")]
    public void Enumerated_values_name_the_key(string key, string value)
    {
        var o = new DaemonOptions();
        o.Mqtt.Host = "localhost";
        switch (key)
        {
            case "audio:speed": o.Audio.Speed = value; break;
            case "audio:format": o.Audio.Format = value; break;
            case "mqtt:outbox:full_policy": o.Mqtt.Outbox.FullPolicy = value; break;
            default: o.Logging.Level = value; break;
        }

        var error = Assert.Single(DaemonOptionsValidator.Check(o));
        Assert.StartsWith(key + " must be one of", error);
        Assert.EndsWith($"got '{value}'", error);
    }

    [Fact]
    public void Numbers_out_of_range_and_bad_quiet_hours_are_all_reported()
    {
        var o = new DaemonOptions();
        o.Audio.SampleRate = 44100;
        o.Audio.Channels = 2;
        o.Audio.Channel = 2;
        o.Detection.HopSeconds = 0;
        o.Detection.SmoothingWindows = 0;
        o.Detection.Classes["siren"] = new ClassOptions { QuietHours = "25:00-06:00" };
        o.Mqtt.Host = "h";
        o.Mqtt.Port = 70000;
        o.Mqtt.BaseTopic = "a/#";
        o.Gpio.LedLine = 17;
        o.Gpio.ButtonLine = 17;
        var errors = DaemonOptionsValidator.Check(o);
        Assert.Contains("audio:sample_rate must be 16000 or 48000, got 44100", errors);
        Assert.Contains(errors, e => e.StartsWith("audio:channel must be in [0,1]", StringComparison.Ordinal));
        Assert.Contains("detection:hop_s must be in [0.05,10], got 0", errors);
        Assert.Contains(errors, e => e.StartsWith("detection:smoothing_windows", StringComparison.Ordinal));
        Assert.Contains("detection:classes:siren:quiet_hours must be HH:MM-HH:MM (local time, start != end), got '25:00-06:00'", errors);
        Assert.Contains("mqtt:port must be in [1,65535], got 70000", errors);
        Assert.Contains(errors, e => e.StartsWith("mqtt:base_topic", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("gpio:button_line must differ", StringComparison.Ordinal));
        Assert.Equal(8, errors.Count);
    }

    [Fact]
    public void Password_env_that_is_not_set_is_reported_without_a_value()
    {
        var o = new DaemonOptions();
        o.Mqtt.Host = "h";
        o.Mqtt.PasswordEnv = "ES_TEST_NO_SUCH_VARIABLE_" + Guid.NewGuid().ToString("N");
        var error = Assert.Single(DaemonOptionsValidator.Check(o));
        Assert.StartsWith("mqtt:password_env: environment variable", error);
    }

    [Fact]
    public void Labels_unknown_to_the_model_are_reported_by_key()
    {
        var o = new DaemonOptions();
        o.Detection.Classes["wolf"] = new ClassOptions { Threshold = 0.5 };
        o.Detection.Include.AddRange(["dog", "dragon"]);
        o.Mqtt.EventTypes.Add("unicorn");
        var errors = DaemonOptionsValidator.CheckLabels(o, ["dog", "siren"]);
        Assert.Equal(
            [
                "detection:classes:wolf: the model has no label 'wolf'",
                "detection:include:1: the model has no label 'dragon'",
                "mqtt:event_types:0: the model has no label 'unicorn'",
            ],
            errors);
    }

    [Theory]
    [InlineData("22:00-06:00", "23:30", true)]
    [InlineData("22:00-06:00", "05:59", true)]
    [InlineData("22:00-06:00", "06:00", false)]
    [InlineData("22:00-06:00", "12:00", false)]
    [InlineData("08:30-17:00", "08:30", true)]
    [InlineData("08:30-17:00", "17:00", false)]
    public void Quiet_hours_wrap_midnight(string span, string time, bool inside)
    {
        Assert.True(QuietHours.TryParse(span, out var q));
        Assert.Equal(inside, q.Contains(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("22:00")]
    [InlineData("10:00-10:00")]
    [InlineData("9-17")]
    public void Bad_quiet_hours_do_not_parse(string span) => Assert.False(QuietHours.TryParse(span, out _));
}
