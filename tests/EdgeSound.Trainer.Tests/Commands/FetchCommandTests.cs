using System.CommandLine;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeSound.Trainer.Analysis;
using EdgeSound.Trainer.Commands;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

public sealed class FetchCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-fetch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Error) Run(params string[] args)
    {
        var root = new RootCommand { FetchCommand.Create() };
        var error = new StringWriter();
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Error = error, Output = new StringWriter() });
        return (code, error.ToString());
    }

    private string Zip(string name, IEnumerable<(string Path, byte[] Data)> entries)
    {
        string path = Path.Combine(_dir, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entryPath, data) in entries)
        {
            using var s = zip.CreateEntry(entryPath).Open();
            s.Write(data);
        }
        return path;
    }

    private static byte[] Text(string s) => Encoding.UTF8.GetBytes(s);

    private const string Csv = "filename,fold,target,category,esc10,src_file,take\n1-1-A-0.wav,1,0,dog,True,1,A\n2-2-A-1.wav,2,1,rooster,False,2,A\n";

    [Fact]
    public void Unreachable_server_fails_fast_with_the_manual_download_hint()
    {
        // A loopback port nobody listens on: connection refused, no network needed.
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        string outDir = Path.Combine(_dir, "esc50");
        var (code, error) = Run("fetch", "--out", outDir, "--url", $"http://127.0.0.1:{port}/master.zip");
        Assert.Equal(1, code);
        Assert.Contains("cannot reach 127.0.0.1", error, StringComparison.Ordinal);
        Assert.Contains($"download it by hand from http://127.0.0.1:{port}/master.zip and unzip into {outDir}", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir, ".esc50-archive.zip.part")));
    }

    [Fact]
    public void Local_archive_is_unpacked_into_the_published_layout()
    {
        string zip = Zip("master.zip",
        [
            ("ESC-50-master/README.md", Text("readme")),
            ("ESC-50-master/audio/1-1-A-0.wav", [1, 2, 3]),
            ("ESC-50-master/audio/2-2-A-1.wav", [4, 5]),
            ("ESC-50-master/meta/esc50.csv", Text(Csv)),
        ]);
        string outDir = Path.Combine(_dir, "esc50");
        var (code, error) = Run("fetch", "--out", outDir, "--url", new Uri(zip).AbsoluteUri);
        Assert.True(code == 0, error);
        Assert.Contains("2 clips", error, StringComparison.Ordinal);
        Assert.Equal([4, 5], File.ReadAllBytes(Path.Combine(outDir, "audio", "2-2-A-1.wav")));
        Assert.Equal(Csv, File.ReadAllText(Path.Combine(outDir, "meta", "esc50.csv")));
        Assert.False(File.Exists(Path.Combine(outDir, "README.md")));
        Assert.Contains("unzip", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Archive_listing_a_missing_wav_is_refused_naming_it()
    {
        string zip = Zip("partial.zip", [("x/audio/1-1-A-0.wav", [1]), ("x/meta/esc50.csv", Text(Csv))]);
        var (code, error) = Run("fetch", "--out", Path.Combine(_dir, "o"), "--url", new Uri(zip).AbsoluteUri);
        Assert.Equal(1, code);
        Assert.Contains("2-2-A-1.wav", error, StringComparison.Ordinal);
        Assert.Contains("esc50.csv", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Archive_without_meta_or_not_a_zip_is_refused()
    {
        string zip = Zip("other.zip", [("x/audio/1-1-A-0.wav", [1])]);
        var (code, error) = Run("fetch", "--out", Path.Combine(_dir, "o"), "--url", new Uri(zip).AbsoluteUri);
        Assert.Equal(1, code);
        Assert.Contains("meta/esc50.csv", error, StringComparison.Ordinal);

        string junk = Path.Combine(_dir, "junk.zip");
        File.WriteAllText(junk, "not a zip");
        (code, error) = Run("fetch", "--out", Path.Combine(_dir, "p"), "--url", new Uri(junk).AbsoluteUri);
        Assert.Equal(1, code);
        Assert.Contains("not a valid zip", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Entries_escaping_the_output_folder_are_refused()
    {
        string zip = Zip("slip.zip", [("x/meta/esc50.csv", Text(Csv)), ("x/audio/../../../evil.wav", [1])]);
        var (code, error) = Run("fetch", "--out", Path.Combine(_dir, "o"), "--url", new Uri(zip).AbsoluteUri);
        Assert.Equal(1, code);
        Assert.Contains("outside", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "evil.wav")));
    }

    [Fact]
    public void Relative_or_unsupported_url_is_refused_naming_it()
    {
        var (code, error) = Run("fetch", "--out", _dir, "--url", "ftp://example.org/x.zip");
        Assert.Equal(2, code);
        Assert.Contains("--url 'ftp://example.org/x.zip'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Layout_check_names_a_bad_header()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "meta"));
        File.WriteAllText(Path.Combine(_dir, "meta", "esc50.csv"), "file,fold\n");
        var e = Assert.Throws<FetchException>(() => Esc50Fetcher.CheckLayout(_dir));
        Assert.Contains("header is 'file,fold'", e.Message, StringComparison.Ordinal);
    }
}
