using EdgeSound.Dsp.Files;
using Xunit;

namespace EdgeSound.Dsp.Tests.Files;

/// <summary><see cref="RealPath"/>: links among a path's folders are followed, not only its last one.</summary>
public sealed class RealPathTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-realpath-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_file_reached_through_a_linked_folder_and_a_linked_file_is_one_real_path()
    {
        string real = Path.Combine(_dir, "data", "a.wav");
        Directory.CreateDirectory(Path.GetDirectoryName(real)!);
        File.WriteAllText(real, "x");
        Directory.CreateSymbolicLink(Path.Combine(_dir, "folder-link"), Path.Combine(_dir, "data"));
        File.CreateSymbolicLink(Path.Combine(_dir, "file-link.wav"), Path.Combine(_dir, "folder-link", "a.wav"));

        string expected = RealPath.Of(real);
        Assert.Equal(expected, RealPath.Of(Path.Combine(_dir, "folder-link", "a.wav")));
        Assert.Equal(expected, RealPath.Of(Path.Combine(_dir, "file-link.wav")));
        Assert.Equal(expected, RealPath.Of(Path.Combine(_dir, "data", "..", "folder-link", ".", "a.wav")));
    }

    [Fact]
    public void A_missing_part_is_kept_as_written_and_a_link_loop_is_refused_naming_the_path()
    {
        Assert.EndsWith(Path.Combine("no-such", "file.txt"), RealPath.Of(Path.Combine(_dir, "no-such", "file.txt")), StringComparison.Ordinal);
        string loop = Path.Combine(_dir, "loop");
        File.CreateSymbolicLink(loop, loop);
        var e = Assert.Throws<IOException>(() => RealPath.Of(loop));
        Assert.Contains(loop, e.Message, StringComparison.Ordinal);
    }
}
