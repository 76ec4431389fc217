using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Runtime.InteropServices;

namespace EdgeSound.Daemon.Gpio;

/// <summary>The two libgpiod generations System.Device.Gpio drives.</summary>
public enum LibgpiodGeneration
{
    /// <summary>libgpiod 1.x (<c>libgpiod.so.2</c>, Debian/Raspberry Pi OS bookworm): <see cref="LibGpiodDriver"/>.</summary>
    V1,

    /// <summary>libgpiod 2.x (<c>libgpiod.so.3</c>, trixie): <see cref="LibGpiodV2Driver"/>.</summary>
    V2,
}

/// <summary>
/// Picks the System.Device.Gpio driver for the libgpiod the system has: v2 (<c>libgpiod.so.3</c>) when it loads,
/// otherwise v1 (<c>libgpiod.so.2</c>), otherwise none. Lists the chips and opens a controller on one.
/// </summary>
public static class Libgpiod
{
    /// <summary>Shared-object names of libgpiod 2.x and 1.x (their sonames).</summary>
    public const string V2Library = "libgpiod.so.3";

    public const string V1Library = "libgpiod.so.2";

    /// <summary>The generation this system has, or null when neither library loads.</summary>
    public static LibgpiodGeneration? Detect() => Detect(CanLoad);

    /// <summary>The generation for a system where <paramref name="canLoad"/> says which shared objects load.</summary>
    public static LibgpiodGeneration? Detect(Func<string, bool> canLoad) =>
        canLoad(V2Library) ? LibgpiodGeneration.V2
        : canLoad(V1Library) ? LibgpiodGeneration.V1
        : null;

    /// <summary>The library and driver a generation uses, for the log.</summary>
    public static string Describe(LibgpiodGeneration g) =>
        g == LibgpiodGeneration.V2 ? $"libgpiod v2 ({V2Library}, {nameof(LibGpiodV2Driver)})" : $"libgpiod v1 ({V1Library}, {nameof(LibGpiodDriver)})";

    /// <summary>The GPIO chips the library sees (empty on a machine without <c>/dev/gpiochip*</c>).</summary>
    public static IList<GpioChipInfo> Chips(LibgpiodGeneration g) =>
        g == LibgpiodGeneration.V2 ? LibGpiodV2Driver.GetAvailableChips() : LibGpiodDriver.GetAvailableChips();

    /// <summary>A controller (logical pin numbering = line offsets) on <paramref name="chip"/>.</summary>
    /// <exception cref="IOException">The chip cannot be opened.</exception>
    public static GpioController Open(LibgpiodGeneration g, GpioChipInfo chip) =>
        new(g == LibgpiodGeneration.V2 ? new LibGpiodV2Driver(chip) : new LibGpiodDriver(chip));

    private static bool CanLoad(string library)
    {
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }
}
