using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Cues;
using Xunit;
using EdgeSound.Tests.Shared;

namespace EdgeSound.Daemon.Tests.Deploy;

/// <summary>The shipped deploy/ files stay consistent with the daemon: the example config loads and validates, the unit is Type=notify.</summary>
public sealed class DeployFilesTests
{
    [Fact]
    public void Example_config_has_only_known_keys_and_valid_values()
    {
        var path = RepoPaths.File("deploy/edgesound.yaml");
        var options = ConfigLoader.Bind([ConfigLoader.ReadFile(path)]);
        Assert.Empty(DaemonOptionsValidator.Check(options));
        Assert.Equal("s32_le", options.Audio.Format);
        Assert.Equal(0.45, options.Detection.Classes["glass_breaking"].Threshold);
        Assert.Equal("", options.Mqtt.Host);
    }

    [Fact]
    public void Example_config_cues_load_once_enabled_except_the_file_its_comment_says_to_write_first()
    {
        var options = ConfigLoader.Bind([ConfigLoader.ReadFile(RepoPaths.File("deploy/edgesound.yaml"))]);
        var errors = new List<string>();

        CueLibrary.Load(options.Cues, errors);

        string line = Assert.Single(errors);
        Assert.StartsWith("cues:classes:door_wood_knock:file: cannot read '/etc/edgesound/cues/door_wood_knock.txt'", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Example_config_labels_are_esc50_labels()
    {
        string[] esc50 =
        [
            "dog", "rooster", "pig", "cow", "frog", "cat", "hen", "insects", "sheep", "crow", "rain", "sea_waves", "crackling_fire",
            "crickets", "chirping_birds", "water_drops", "wind", "pouring_water", "toilet_flush", "thunderstorm", "crying_baby",
            "sneezing", "clapping", "breathing", "coughing", "footsteps", "laughing", "brushing_teeth", "snoring", "drinking_sipping",
            "door_wood_knock", "mouse_click", "keyboard_typing", "door_wood_creaks", "can_opening", "washing_machine",
            "vacuum_cleaner", "clock_alarm", "clock_tick", "glass_breaking", "helicopter", "chainsaw", "siren", "car_horn",
            "engine", "train", "church_bells", "airplane", "fireworks", "hand_saw",
        ];
        var path = RepoPaths.File("deploy/edgesound.yaml");
        var options = ConfigLoader.Bind([ConfigLoader.ReadFile(path)]);
        Assert.Empty(DaemonOptionsValidator.CheckLabels(options, esc50));
    }

    [Fact]
    public void Systemd_unit_notifies_watches_and_restarts()
    {
        var unit = File.ReadAllLines(RepoPaths.File("deploy/edgesound.service"));
        Assert.Contains("Type=notify", unit);
        Assert.Contains(unit, l => l.StartsWith("WatchdogSec=", StringComparison.Ordinal));
        Assert.Contains("Restart=on-failure", unit);
        Assert.Contains("StateDirectory=edgesound", unit);
        Assert.Contains(unit, l => l.StartsWith("After=", StringComparison.Ordinal) && l.Split('=', ' ').Contains("time-sync.target"));
        Assert.Contains(unit, l => l.StartsWith("ExecStart=", StringComparison.Ordinal) && l.Contains("--config /etc/edgesound/edgesound.yaml", StringComparison.Ordinal));
    }
}
