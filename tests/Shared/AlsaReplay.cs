using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeSound.Tests.Shared;

/// <summary>
/// ALSA capture devices that replay raw files sample for sample, for tests without a sound card:
/// <c>pcm.replay0</c> … <c>pcm.replay7</c>, each ALSA's <c>file</c> plugin over the <c>null</c> PCM
/// (<c>type file slave.pcm "null" file "/dev/null" infile "&lt;slot file&gt;" format "raw"</c>). A test leases a
/// slot with <see cref="Lease"/>, which writes the bytes to replay, opens the returned device with any format,
/// channel count and rate (the bytes are delivered as they are), and disposes the lease after closing the PCM.
/// Each slot also has a playback device, <c>pcm.record0</c> … <c>pcm.record7</c> (<c>type file slave.pcm "null"
/// file "&lt;slot file&gt;" format "raw"</c>), that writes every frame played to <see cref="AlsaReplayLease.RecordPath"/>.
/// </summary>
/// <remarks>
/// alsa-lib finds these devices through <c>ALSA_CONFIG_PATH</c>, which it reads with getenv. .NET's
/// Environment.SetEnvironmentVariable does not change the native environment on Unix, so the variable is set
/// with libc's setenv, from a module initializer: it runs before any code of the test assembly, hence before
/// anything in the process has touched ALSA (no other assembly in a test process uses ALSA on its own). The
/// generated configuration is a copy of the system alsa.conf plus the replay devices, so every other device
/// (null, default, …) behaves as without it. The plugin opens its infile when the PCM is opened, so a slot's file
/// may be rewritten between leases.
/// </remarks>
public static partial class AlsaReplay
{
    /// <summary>Number of replay devices (leases beyond this wait for a free slot).</summary>
    public const int Slots = 8;

    private const string SystemConfig = "/usr/share/alsa/alsa.conf";
    private static readonly ConcurrentBag<int> FreeSlots = [];
    private static readonly SemaphoreSlim Available = new(Slots, Slots);

    /// <summary>The temporary directory with the configuration and slot files.</summary>
    public static string Directory { get; private set; } = string.Empty;

    /// <summary>The generated ALSA configuration (ALSA_CONFIG_PATH).</summary>
    public static string ConfigPath { get; private set; } = string.Empty;

    /// <summary>Why the replay devices are unusable, or null when they are set up.</summary>
    public static string? SetupError { get; private set; }

    /// <summary>Writes <paramref name="raw"/> to a free slot and returns its lease (waits up to 30 s for a slot).</summary>
    /// <exception cref="InvalidOperationException">The devices could not be set up (see <see cref="SetupError"/>).</exception>
    public static AlsaReplayLease Lease(ReadOnlySpan<byte> raw)
    {
        if (SetupError is not null)
        {
            throw new InvalidOperationException($"ALSA replay devices are unavailable: {SetupError}");
        }

        if (!Available.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"All {Slots} ALSA replay devices stayed leased for 30 s; dispose leases after closing the PCM.");
        }

        FreeSlots.TryTake(out int slot);
        string path = SlotPath(slot);
        File.WriteAllBytes(path, raw.ToArray());
        File.Delete(RecordPath(slot));
        return new AlsaReplayLease($"replay{slot}", path, $"record{slot}", RecordPath(slot), () =>
        {
            FreeSlots.Add(slot);
            Available.Release();
        });
    }

    [ModuleInitializer]
    internal static void Initialize()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"edgesound-alsa-{Environment.ProcessId}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        ConfigPath = Path.Combine(Directory, "alsa.conf");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete();
        for (int slot = 0; slot < Slots; slot++)
        {
            File.WriteAllBytes(SlotPath(slot), []);
            FreeSlots.Add(slot);
        }

        if (!File.Exists(SystemConfig))
        {
            SetupError = $"{SystemConfig} does not exist, so no ALSA configuration can be derived from it.";
            return;
        }

        using (var writer = new StreamWriter(ConfigPath))
        {
            writer.Write(File.ReadAllText(SystemConfig));
            writer.WriteLine();
            for (int slot = 0; slot < Slots; slot++)
            {
                writer.WriteLine($"pcm.replay{slot} {{ type file slave.pcm \"null\" file \"/dev/null\" infile \"{SlotPath(slot)}\" format \"raw\" }}");
                writer.WriteLine($"pcm.record{slot} {{ type file slave.pcm \"null\" file \"{RecordPath(slot)}\" format \"raw\" }}");
            }
        }

        if (setenv("ALSA_CONFIG_PATH", ConfigPath, 1) != 0)
        {
            SetupError = $"setenv(ALSA_CONFIG_PATH) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
            return;
        }

        Environment.SetEnvironmentVariable("ALSA_CONFIG_PATH", ConfigPath);
    }

    private static string SlotPath(int slot) => Path.Combine(Directory, $"replay{slot}.raw");

    private static string RecordPath(int slot) => Path.Combine(Directory, $"record{slot}.raw");

    private static void TryDelete()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "setenv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}

/// <summary>A leased replay device; dispose it after closing the PCM opened on <see cref="Device"/>.</summary>
public sealed class AlsaReplayLease : IDisposable
{
    private Action? _release;

    internal AlsaReplayLease(string device, string rawPath, string recordDevice, string recordPath, Action release)
    {
        Device = device;
        RawPath = rawPath;
        RecordDevice = recordDevice;
        RecordPath = recordPath;
        _release = release;
    }

    /// <summary>The ALSA PCM name to open for capture, e.g. "replay3".</summary>
    public string Device { get; }

    /// <summary>The raw file the device replays.</summary>
    public string RawPath { get; }

    /// <summary>The ALSA PCM name to open for playback, e.g. "record3": every frame played lands in <see cref="RecordPath"/>.</summary>
    public string RecordDevice { get; }

    /// <summary>The raw file the playback device writes (S16_LE frames as played; absent until the device is opened).</summary>
    public string RecordPath { get; }

    /// <summary>Returns the slot.</summary>
    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
