namespace EdgeSound.Daemon.Gpio;

/// <summary>One step of a buzzer cue: a square wave of <paramref name="FrequencyHz"/> (0: a rest) for <paramref name="Duration"/>.</summary>
public readonly record struct Tone(double FrequencyHz, TimeSpan Duration)
{
    /// <summary>Cue played on each alert: two short 2.7 kHz beeps (near a typical piezo disc's resonance).</summary>
    public static IReadOnlyList<Tone> Alert { get; } =
    [
        new(2700, TimeSpan.FromMilliseconds(80)), new(0, TimeSpan.FromMilliseconds(60)), new(2700, TimeSpan.FromMilliseconds(80)),
    ];

    /// <summary>Cue played by the button's hold gesture: a rising triad, to check the wiring.</summary>
    public static IReadOnlyList<Tone> SelfTest { get; } =
    [
        new(1760, TimeSpan.FromMilliseconds(150)), new(2217, TimeSpan.FromMilliseconds(150)), new(2637, TimeSpan.FromMilliseconds(300)),
    ];
}
