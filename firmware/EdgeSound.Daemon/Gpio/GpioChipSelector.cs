using System.Device.Gpio;
using System.Globalization;

namespace EdgeSound.Daemon.Gpio;

/// <summary>
/// Finds the chip <c>gpio:chip</c> names among those libgpiod lists: by name (<c>gpiochip0</c>), device path
/// (<c>/dev/gpiochip0</c>), number (<c>0</c>) or label (<c>pinctrl-bcm2835</c>, <c>pinctrl-rp1</c> on a Pi 5).
/// </summary>
public static class GpioChipSelector
{
    /// <summary>The matching chip.</summary>
    /// <exception cref="IOException">No chip matches; the message names the setting and what the machine has.</exception>
    public static GpioChipInfo Find(string spec, IEnumerable<GpioChipInfo> chips)
    {
        var all = chips.ToList();
        var name = spec.StartsWith("/dev/", StringComparison.Ordinal) ? spec[5..] : spec;
        var byNumber = int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number);
        foreach (var chip in all)
        {
            if (chip.Name == name || chip.Label == name || (byNumber && chip.Id == number))
            {
                return chip;
            }
        }

        var have = all.Count == 0
            ? "this machine has no /dev/gpiochip* devices"
            : "available: " + string.Join(", ", all.Select(c => $"{c.Name} '{c.Label}' ({c.NumLines} lines)"));
        throw new IOException($"GPIO chip '{spec}' cannot be opened: no such chip ({have})");
    }
}
