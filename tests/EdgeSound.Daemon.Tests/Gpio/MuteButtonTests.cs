using EdgeSound.Daemon.Gpio;
using EdgeSound.Daemon.Hosting;
using Iot.Device.Button;
using Xunit;

namespace EdgeSound.Daemon.Tests.Gpio;

/// <summary>
/// The button gestures on .NET IoT's own button logic (<see cref="ButtonBase"/>: press on release, hold timer,
/// debounce); <see cref="GpioButton"/> feeds the same two calls from the line's edges on the device, which needs a
/// GPIO chip this machine does not have.
/// </summary>
public sealed class MuteButtonTests
{
    private static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void A_press_mutes_the_cues_and_a_second_press_unmutes_them()
    {
        var stats = new DaemonStats();
        using var edges = new Edges(TimeSpan.Zero);
        var changes = new List<bool>();
        using var button = new MuteButton(edges, stats, TimeSpan.FromMinutes(15), () => throw new InvalidOperationException("no hold expected"));
        button.MuteChanged += changes.Add;

        edges.Click();
        Assert.True(stats.Muted);
        edges.Click();

        Assert.False(stats.Muted);
        Assert.Equal([true, false], changes);
    }

    [Fact]
    public void Muting_lasts_the_configured_time()
    {
        var stats = new DaemonStats();
        using var edges = new Edges(TimeSpan.Zero);
        using var button = new MuteButton(edges, stats, TimeSpan.FromMilliseconds(200), () => { });

        edges.Click();
        Assert.True(stats.Muted);
        Thread.Sleep(400);

        Assert.False(stats.Muted);
    }

    [Fact]
    public void Holding_runs_the_self_test_and_leaves_the_mute_state_alone()
    {
        var stats = new DaemonStats();
        using var edges = new Edges(TimeSpan.Zero);
        using var held = new ManualResetEventSlim();
        using var button = new MuteButton(edges, stats, TimeSpan.FromMinutes(15), held.Set);

        edges.Down();
        Assert.True(held.Wait(TimeSpan.FromSeconds(5)), "hold not recognised");
        edges.Up();

        Assert.False(stats.Muted);
    }

    [Fact]
    public void A_bouncing_contact_counts_as_one_press()
    {
        var stats = new DaemonStats();
        using var edges = new Edges(TimeSpan.FromMilliseconds(200));
        var changes = new List<bool>();
        using var button = new MuteButton(edges, stats, TimeSpan.FromMinutes(15), () => { });
        button.MuteChanged += changes.Add;

        for (var i = 0; i < 4; i++)
        {
            edges.Click();
        }

        Assert.Equal([true], changes);
        Assert.True(stats.Muted);
    }

    /// <summary>The edges a GPIO line would report, fed to the package's button logic.</summary>
    private sealed class Edges(TimeSpan debounce) : ButtonBase(TimeSpan.FromSeconds(1), Hold, debounce)
    {
        public void Down() => HandleButtonPressed();

        public void Up() => HandleButtonReleased();

        public void Click()
        {
            Down();
            Up();
        }
    }
}
