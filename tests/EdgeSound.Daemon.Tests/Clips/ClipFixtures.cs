using System.Threading.Channels;
using EdgeSound.Daemon.Clips;
using EdgeSound.Daemon.Detection;

namespace EdgeSound.Daemon.Tests.Clips;

/// <summary>Signals, events, clips and folders for the clip tests, made in code.</summary>
internal static class ClipFixtures
{
    public const int Rate = 16000;
    public static readonly string[] Labels = ["dog", "siren", "glass_breaking"];
    public static readonly ModelIdentity Model = new(new string('a', 64), Labels);

    /// <summary>Sample n of a stream where every sample differs from its neighbours (period 65521, a prime).</summary>
    public static short Ramp(long n) => (short)((n * 7919 % 65521) - 32760);

    public static short[] RampSpan(long start, int length)
    {
        var s = new short[length];
        for (var i = 0; i < length; i++)
        {
            s[i] = Ramp(start + i);
        }

        return s;
    }

    public static DetectedEvent Event(string label, double start, double end, int second = 0) =>
        new(new DateTimeOffset(2026, 11, 30, 8, 0, second, TimeSpan.Zero).AddSeconds(start), label, 0.9, start, end, -20);

    public static Channel<EventClip> Queue(int capacity) =>
        Channel.CreateBounded<EventClip>(new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropWrite });

    public static EventClip Clip(string id, DetectedEvent e, int samples) =>
        new(id, e with { Clip = id }, RampSpan(0, samples), Rate, Math.Max(0, e.StartSeconds - 1),
            [new WindowScores(e.StartSeconds, e.EndSeconds, [0.9f, 0.05f, 0.05f])]);

    public static string TempDir(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
