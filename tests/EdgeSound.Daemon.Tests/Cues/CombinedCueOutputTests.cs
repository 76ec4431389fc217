using System.Runtime.InteropServices;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Cues;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Gpio;
using EdgeSound.Daemon.Tests.Gpio;
using EdgeSound.Dsp.Synthesis;
using EdgeSound.Tests.Shared;
using Iot.Device.Buzzer;
using Xunit;

namespace EdgeSound.Daemon.Tests.Cues;

/// <summary><c>cues:output both</c>: one cue on a real ALSA playback device (file plugin) and on the buzzer at once.</summary>
public sealed class CombinedCueOutputTests
{
    private const string Dog = "bpm=400 wave=square: A5/4 r/8 C6/8";

    public CombinedCueOutputTests()
    {
        Assert.True(AlsaReplay.SetupError is null, AlsaReplay.SetupError);
    }

    [Fact]
    public void Both_outputs_sound_the_cue_and_the_gate_covers_the_longer()
    {
        using var lease = AlsaReplay.Lease([]);
        var pwm = new RecordingPwm();
        using var buzzer = new BuzzerPlayer(new Buzzer(pwm));
        var output = new CombinedCueOutput([new AlsaCueOutput(lease.RecordDevice, 16000), new BuzzerCueOutput(buzzer)]);
        var options = new CueOptions { Output = "both", TailSeconds = 0 };
        options.Classes["dog"] = new CueClassOptions { Pattern = Dog };
        var errors = new List<string>();
        var library = CueLibrary.Load(options, errors);
        Assert.Empty(errors);
        var gate = new PlaybackGate();
        var player = new CuePlayer(library, new CuePolicy(options, new ManualClock(DateTimeOffset.UnixEpoch)), output, gate, 0, () => 10.0, () => false, new RecordingLogger());

        Assert.Equal(CueDecision.Play, player.Handle(new DetectedEvent(DateTimeOffset.UnixEpoch, "dog", 0.9, 1, 2, -20), CancellationToken.None));

        var expected = CueLibrary.Render(PatternParser.Parse(Dog), 16000);
        Assert.Equal(expected, MemoryMarshal.Cast<byte, short>(File.ReadAllBytes(lease.RecordPath)).ToArray());
        Assert.Equal([880, 1046], pwm.Log.Where(s => s.Running).Select(s => s.FrequencyHz));
        var longer = Math.Max(expected.Length / 16000.0, 0.3);
        Assert.True(gate.Overlaps(10 + longer - 0.001, 20));
        Assert.False(gate.Overlaps(10 + longer + 0.001, 20));
        Assert.Equal("ALSA " + lease.RecordDevice + " + piezo buzzer", output.Name);
    }
}
