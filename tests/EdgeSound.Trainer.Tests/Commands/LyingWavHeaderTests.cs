using System.Buffers.Binary;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// A WAV whose header lies about its length, read through <c>--data</c>: one that says more audio than it holds is
/// read as far as it goes with one warning naming it; one whose data chunk holds no whole sample frame is skipped,
/// named; the others are used.
/// </summary>
public sealed class LyingWavHeaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-wav-lies-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Features_warns_about_a_long_data_size_and_skips_a_data_chunk_without_a_frame()
    {
        string root = ToneClip.Folders(Path.Combine(_dir, "data"), ("dog", 300.0), ("cat", 2500.0));

        string longer = Path.Combine(root, "dog", "dog0.wav");
        byte[] bytes = File.ReadAllBytes(longer);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), 10_000_000);
        File.WriteAllBytes(longer, bytes);
        string crumb = Path.Combine(root, "cat", "crumb.wav");
        File.WriteAllBytes(crumb, [.. bytes[..40], 1, 0, 0, 0, 0x7f]);
        string csv = Path.Combine(_dir, "f.csv");

        var (code, _, log) = TrainerCli.Run("features", "--data", root, "--out", csv);

        string[] lines = log.Split('\n');
        Assert.True(code == 1, log);
        Assert.Single(lines, l => l.StartsWith($"warning: {longer}: ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Replace('\\', '/').StartsWith("skipped cat/crumb.wav: ", StringComparison.Ordinal) && l.Contains(crumb, StringComparison.Ordinal));
        Assert.Equal(5, File.ReadAllLines(csv).Length);
    }
}
