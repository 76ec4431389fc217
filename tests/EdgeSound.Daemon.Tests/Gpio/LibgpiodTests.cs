using System.Device.Gpio;
using System.Runtime.InteropServices;
using EdgeSound.Daemon.Gpio;
using Xunit;

namespace EdgeSound.Daemon.Tests.Gpio;

public sealed class LibgpiodTests
{
    [Theory]
    [InlineData(true, true, LibgpiodGeneration.V2)]
    [InlineData(true, false, LibgpiodGeneration.V2)]
    [InlineData(false, true, LibgpiodGeneration.V1)]
    [InlineData(false, false, null)]
    public void The_driver_follows_the_library_the_system_has(bool v2, bool v1, LibgpiodGeneration? expected)
    {
        var found = Libgpiod.Detect(name => name == Libgpiod.V2Library ? v2 : name == Libgpiod.V1Library && v1);

        Assert.Equal(expected, found);
    }

    [Fact]
    public void The_real_library_is_detected_and_lists_the_chips_the_machine_has()
    {
        // .ci/run installs libgpiod2 (bookworm): at least v1 must load here.
        Assert.True(NativeLibrary.TryLoad(Libgpiod.V1Library, out var handle) || NativeLibrary.TryLoad(Libgpiod.V2Library, out handle),
            "libgpiod is not installed (apt-get install libgpiod2; .ci/run does this)");
        NativeLibrary.Free(handle);
        var generation = Libgpiod.Detect();

        Assert.NotNull(generation);
        var chips = Libgpiod.Chips(generation.Value);
        var devices = Directory.GetFiles("/dev", "gpiochip*");
        Assert.Equal(devices.Length, chips.Count);
        Assert.Contains(generation == LibgpiodGeneration.V2 ? "LibGpiodV2Driver" : "LibGpiodDriver", Libgpiod.Describe(generation.Value));
    }

    [Fact]
    public void A_chip_that_is_not_there_is_named_with_what_the_machine_has()
    {
        var generation = Libgpiod.Detect() ?? throw new InvalidOperationException("libgpiod missing (.ci/run installs libgpiod2)");
        var chips = Libgpiod.Chips(generation);

        var e = Assert.Throws<IOException>(() => GpioChipSelector.Find("gpiochip-edgesound-missing", chips));

        Assert.StartsWith("GPIO chip 'gpiochip-edgesound-missing' cannot be opened", e.Message);
        Assert.Contains(chips.Count == 0 ? "this machine has no /dev/gpiochip* devices" : "available: ", e.Message);
    }

    [Theory]
    [InlineData("gpiochip4")]
    [InlineData("/dev/gpiochip4")]
    [InlineData("4")]
    [InlineData("pinctrl-rp1")]
    public void A_chip_is_found_by_name_path_number_or_label(string spec)
    {
        GpioChipInfo[] chips = [new(0, "gpiochip0", "gpio-brcmstb@107d508500", 32), new(4, "gpiochip4", "pinctrl-rp1", 54)];

        var chip = GpioChipSelector.Find(spec, chips);

        Assert.Equal(4, chip.Id);
    }

    [Fact]
    public void A_missing_chip_lists_the_available_ones()
    {
        GpioChipInfo[] chips = [new(0, "gpiochip0", "pinctrl-bcm2835", 54)];

        var e = Assert.Throws<IOException>(() => GpioChipSelector.Find("gpiochip9", chips));

        Assert.Equal("GPIO chip 'gpiochip9' cannot be opened: no such chip (available: gpiochip0 'pinctrl-bcm2835' (54 lines))", e.Message);
    }
}
