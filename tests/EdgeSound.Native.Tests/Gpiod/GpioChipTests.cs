using EdgeSound.Native.Gpiod;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Native.Tests.Gpiod;

public sealed class GpioChipTests(ITestOutputHelper output)
{
    [Fact]
    public void LibraryLoadsAndReportsAVersion1Api()
    {
        string version = GpioChip.LibraryVersion;
        output.WriteLine($"libgpiod {version}");

        Assert.Matches(@"^1\.\d+", version);
    }

    [Fact]
    public void MissingChipByNameGivesAClearError()
    {
        var ex = Assert.Throws<GpiodException>(() => GpioChip.Open("gpiochip-edgesound-missing"));

        Assert.Contains("'gpiochip-edgesound-missing'", ex.Message);
        Assert.Contains("cannot be opened", ex.Message);
        Assert.NotEqual(0, ex.Errno);
    }

    [Fact]
    public void MissingChipByPathGivesNoSuchFile()
    {
        const string path = "/dev/gpiochip-edgesound-missing";

        var ex = Assert.Throws<GpiodException>(() => GpioChip.Open(path));

        Assert.Contains($"'{path}'", ex.Message);
        Assert.Equal(2, ex.Errno);
        Assert.Contains("No such file or directory", ex.Message);
    }

    [Fact]
    public void WithoutGpioChipsTheErrorSaysSo()
    {
        if (Directory.GetFiles("/dev", "gpiochip*").Length > 0)
        {
            output.WriteLine("This machine has /dev/gpiochip* devices; the no-hardware hint does not apply.");
            return;
        }

        var ex = Assert.Throws<GpiodException>(() => GpioChip.Open("gpiochip0"));

        Assert.Contains("no /dev/gpiochip* devices", ex.Message);
    }

    [Fact]
    public void RealLinesWhenTheMachineHasAGpioChip()
    {
        string[] chips = Directory.GetFiles("/dev", "gpiochip*");
        if (chips.Length == 0)
        {
            output.WriteLine("No /dev/gpiochip* here (no gpio-sim/gpio-mockup in this sandbox): line requests are not exercised.");
            return;
        }

        using GpioChip chip = GpioChip.Open(chips[0]);
        output.WriteLine($"{chip.Name} '{chip.Label}' with {chip.LineCount} lines");
        Assert.True(chip.LineCount > 0);
        Assert.StartsWith("gpiochip", chip.Name);
        Assert.Throws<ArgumentOutOfRangeException>(() => chip.RequestOutput(chip.LineCount));
    }
}
