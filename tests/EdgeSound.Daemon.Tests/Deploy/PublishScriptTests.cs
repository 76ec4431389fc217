using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.Deploy;

/// <summary>
/// deploy/publish.sh builds the Raspberry Pi release for real: the tarball and its .sha256 verify, and the program and
/// ONNX Runtime inside are arm64 ELF files that install.sh stages where the unit expects them.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PublishScriptTests : IDisposable
{
    /// <summary>ELF e_machine of AArch64 (ELF specification, ARM supplement).</summary>
    private const ushort ElfMachineAarch64 = 0xB7;

    private readonly string _work = Directory.CreateTempSubdirectory("es-publish-").FullName;
    private readonly ITestOutputHelper _output;

    public PublishScriptTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>The ELF e_machine field of a file, or null when it is not an ELF file.</summary>
    private static ushort? ElfMachine(string path)
    {
        Span<byte> header = stackalloc byte[20];
        using var file = File.OpenRead(path);
        if (file.Read(header) < header.Length || header[0] != 0x7F || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
        {
            return null;
        }

        return BitConverter.ToUInt16(header[18..20]);
    }

    [Fact]
    public void Arm64_tarball_verifies_and_carries_an_aarch64_program_and_onnx_runtime()
    {
        var repo = DeployScripts.RepoRoot();
        var version = File.ReadAllText(Path.Combine(repo, "Directory.Build.props"))
            .Split("<Version>")[1].Split("</Version>")[0];
        var name = $"edgesound-{version}-linux-arm64";
        var outDir = Path.Combine(_work, "out");

        var publish = DeployScripts.Run("bash", [Path.Combine(repo, "deploy", "publish.sh"), "--rid", "linux-arm64", "--out", outDir], timeoutSeconds: 900);
        _output.WriteLine(publish.Stdout + publish.Stderr);
        Assert.True(publish.Code == 0, publish.Stderr);

        var check = DeployScripts.Run("sha256sum", ["-c", name + ".tar.gz.sha256"], workingDirectory: outDir);
        Assert.True(check.Code == 0, check.Stdout + check.Stderr);
        var unpacked = Path.Combine(_work, "unpacked");
        Directory.CreateDirectory(unpacked);
        Assert.Equal(0, DeployScripts.Run("tar", ["xzf", Path.Combine(outDir, name + ".tar.gz"), "-C", unpacked]).Code);
        var tarball = Path.Combine(unpacked, name);
        Assert.Equal($"{version} linux-arm64", File.ReadAllText(Path.Combine(tarball, "VERSION")).Trim());
        foreach (var f in new[] { "install.sh", "edgesound.service", "edgesound.yaml", "README.md", "bin/models/edgesound.onnx", "bin/models/edgesound.md", "hardware/asound.conf" })
        {
            Assert.True(File.Exists(Path.Combine(tarball, f)), f + " missing from the tarball");
        }

        var root = Path.Combine(_work, "root");
        Directory.CreateDirectory(root);
        var install = DeployScripts.Run("bash", [Path.Combine(tarball, "install.sh"), "--root", root]);
        Assert.True(install.Code == 0, install.Stdout + install.Stderr);
        var current = Path.Combine(root, "opt", "edgesound", "current");
        Assert.Equal(ElfMachineAarch64, ElfMachine(Path.Combine(current, "EdgeSound.Daemon")));
        Assert.Equal(ElfMachineAarch64, ElfMachine(Path.Combine(current, "libonnxruntime.so")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(repo, "firmware", "models", "edgesound.onnx")), File.ReadAllBytes(Path.Combine(current, "models", "edgesound.onnx")));
    }
}
