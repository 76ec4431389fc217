using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeSound.Native.Tests.Alsa;

/// <summary>
/// Points ALSA at a generated configuration that defines <c>pcm.replay</c>: ALSA's <c>file</c> plugin over the
/// <c>null</c> PCM, replaying <see cref="RawPath"/> as capture input sample for sample.
/// </summary>
/// <remarks>
/// alsa-lib reads <c>ALSA_CONFIG_PATH</c> with getenv, and .NET's Environment.SetEnvironmentVariable does not
/// change the native environment on Unix, so the variable is set through libc's setenv. It must happen before
/// anything in this process touches ALSA; a module initializer runs before any code of this test assembly, and no
/// other assembly in the test process uses ALSA. The configuration is a copy of the system alsa.conf plus
/// <c>pcm.replay</c>, so every other device (null, default, ...) behaves as without it.
/// </remarks>
internal static partial class AlsaReplayConfiguration
{
    /// <summary>Length of the replay file in 16-bit samples (8000 bytes).</summary>
    public const int Samples16 = 4000;

    private const string SystemConfig = "/usr/share/alsa/alsa.conf";

    public static string Directory { get; private set; } = string.Empty;

    public static string RawPath { get; private set; } = string.Empty;

    public static string ConfigPath { get; private set; } = string.Empty;

    /// <summary>Why the replay device is unusable, or null when it was set up.</summary>
    public static string? SetupError { get; private set; }

    /// <summary>The replay file's content as little-endian bytes.</summary>
    public static byte[] RawBytes { get; private set; } = [];

    [ModuleInitializer]
    internal static void Initialize()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"edgesound-alsa-{Environment.ProcessId}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        RawPath = Path.Combine(Directory, "replay.raw");
        ConfigPath = Path.Combine(Directory, "alsa.conf");
        RawBytes = MakeSamples();
        File.WriteAllBytes(RawPath, RawBytes);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete();

        if (!File.Exists(SystemConfig))
        {
            SetupError = $"{SystemConfig} does not exist, so no ALSA configuration can be derived from it.";
            return;
        }

        string replay = $$"""

            pcm.replay {
                type file
                slave.pcm "null"
                file "/dev/null"
                infile "{{RawPath}}"
                format "raw"
            }
            """;
        File.WriteAllText(ConfigPath, File.ReadAllText(SystemConfig) + replay);
        if (setenv("ALSA_CONFIG_PATH", ConfigPath, 1) != 0)
        {
            SetupError = $"setenv(ALSA_CONFIG_PATH) failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
            return;
        }

        Environment.SetEnvironmentVariable("ALSA_CONFIG_PATH", ConfigPath);
    }

    /// <summary>A deterministic pattern that exercises every byte value and both signs: a ramp mixed with a LCG.</summary>
    private static byte[] MakeSamples()
    {
        var bytes = new byte[Samples16 * sizeof(short)];
        uint state = 12345;
        for (int i = 0; i < Samples16; i++)
        {
            state = (state * 1664525) + 1013904223;
            short value = (short)((i * 131) ^ (int)(state >> 16));
            bytes[2 * i] = (byte)value;
            bytes[(2 * i) + 1] = (byte)(value >> 8);
        }

        return bytes;
    }

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
