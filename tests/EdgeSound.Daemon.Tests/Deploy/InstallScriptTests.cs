using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.Deploy;

/// <summary>
/// deploy/install.sh staged with <c>--root</c> into a temporary directory that holds a device's passwd and group files:
/// the documented layout, owners and modes, the unit, idempotence, upgrade, rollback, uninstall and dry-run.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InstallScriptTests : IDisposable
{
    private const string Unpacked = "tarball";
    private readonly string _work = Directory.CreateTempSubdirectory("es-install-").FullName;
    private readonly ITestOutputHelper _output;

    public InstallScriptTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private string Root => Path.Combine(_work, "root");

    private string Tarball => Path.Combine(_work, Unpacked);

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>An unpacked release tarball as deploy/publish.sh lays it out, with a stand-in program.</summary>
    private void MakeTarball(string version)
    {
        if (Directory.Exists(Tarball))
        {
            Directory.Delete(Tarball, recursive: true);
        }

        var repo = DeployScripts.RepoRoot();
        Directory.CreateDirectory(Path.Combine(Tarball, "bin", "models"));
        foreach (var f in new[] { "install.sh", "edgesound.service", "edgesound.yaml" })
        {
            File.Copy(Path.Combine(repo, "deploy", f), Path.Combine(Tarball, f));
        }

        File.Copy(Path.Combine(repo, "deploy", "README.md"), Path.Combine(Tarball, "README.md"));
        File.WriteAllText(Path.Combine(Tarball, "VERSION"), $"{version} linux-arm64\n");
        var program = Path.Combine(Tarball, "bin", "EdgeSound.Daemon");
        File.WriteAllText(program, "#!/bin/sh\necho edgesound " + version + "\n");
        File.SetUnixFileMode(program, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(Tarball, "bin", "models", "edgesound.onnx"), "model " + version);
    }

    /// <summary>A device's /etc as Raspberry Pi OS trixie has it before the install: root, audio, no gpio group, no edgesound user.</summary>
    private void MakeDeviceRoot()
    {
        var etc = Directory.CreateDirectory(Path.Combine(Root, "etc")).FullName;
        File.WriteAllText(Path.Combine(etc, "passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        File.WriteAllText(Path.Combine(etc, "group"), "root:x:0:\naudio:x:29:\n");
        File.WriteAllText(Path.Combine(etc, "shadow"), "root:*:19000:0:99999:7:::\n");
        File.WriteAllText(Path.Combine(etc, "gshadow"), "root:*::\naudio:*::\n");
        File.WriteAllText(Path.Combine(etc, "os-release"), "ID=debian\nVERSION_CODENAME=trixie\n");
    }

    private (int Code, string Stdout, string Stderr) Install(params string[] args)
    {
        var result = DeployScripts.Run("bash", [Path.Combine(Tarball, "install.sh"), "--root", Root, .. args]);
        _output.WriteLine(result.Stdout + result.Stderr);
        return result;
    }

    private string Id(string file, string name)
    {
        var line = File.ReadAllLines(Path.Combine(Root, "etc", file)).Single(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return line.Split(':')[2];
    }

    /// <summary>Every path under the root except the user database files, with its type, mode and owner.</summary>
    private SortedDictionary<string, string> Tree()
    {
        string[] userDb = ["etc/passwd", "etc/group", "etc/shadow", "etc/gshadow", "etc/os-release"];
        var tree = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        foreach (var path in Directory.EnumerateFileSystemEntries(Root, "*", options))
        {
            if (IsBelowLink(path))
            {
                continue;
            }

            var rel = Path.GetRelativePath(Root, path);
            if (rel == "etc" || userDb.Any(u => rel == u || rel == u + "-"))
            {
                continue;
            }

            var info = new FileInfo(path);
            string kind = info.LinkTarget is not null ? "link->" + info.LinkTarget
                : Directory.Exists(path) ? "dir" : "file";
            string mode = info.LinkTarget is null ? Convert.ToString((int)File.GetUnixFileMode(path), 8) : "";
            tree[rel] = string.Join(' ', new[] { kind, mode, DeployScripts.Owner(path) }.Where(p => p.Length > 0));
        }

        return tree;
    }

    /// <summary>True when a folder above <paramref name="path"/> (below the root) is a symlink: its entries belong to the link's target.</summary>
    private bool IsBelowLink(string path)
    {
        for (var dir = Path.GetDirectoryName(path); dir is not null && dir.Length > Root.Length; dir = Path.GetDirectoryName(dir))
        {
            if (new DirectoryInfo(dir).LinkTarget is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static string Lines(SortedDictionary<string, string> tree) => string.Join('\n', tree.Select(kv => kv.Key + " " + kv.Value));

    [Fact]
    public void Install_stages_the_documented_layout_owners_modes_and_unit()
    {
        MakeTarball("9.9.9");
        MakeDeviceRoot();

        var (code, stdout, _) = Install();

        Assert.Equal(0, code);
        Assert.Contains("libasound2t64 libgpiod3", stdout);
        string uid = Id("passwd", "edgesound"), gid = Id("group", "edgesound");
        Assert.Contains("edgesound", File.ReadAllLines(Path.Combine(Root, "etc", "group")).Single(l => l.StartsWith("audio:", StringComparison.Ordinal)));
        Assert.Contains("edgesound", File.ReadAllLines(Path.Combine(Root, "etc", "group")).Single(l => l.StartsWith("gpio:", StringComparison.Ordinal)));
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["etc/edgesound"] = "dir 755 0:0",
            ["etc/edgesound/edgesound.env"] = $"file 640 0:{gid}",
            ["etc/edgesound/edgesound.yaml"] = $"file 640 0:{gid}",
            ["etc/systemd"] = "dir 755 0:0",
            ["etc/systemd/system"] = "dir 755 0:0",
            ["etc/systemd/system/edgesound.service"] = "file 644 0:0",
            ["etc/systemd/system/multi-user.target.wants"] = "dir 755 0:0",
            ["etc/systemd/system/multi-user.target.wants/edgesound.service"] = "link->/etc/systemd/system/edgesound.service 0:0",
            ["opt"] = "dir 755 0:0",
            ["opt/edgesound"] = "dir 755 0:0",
            ["opt/edgesound/current"] = "link->releases/9.9.9 0:0",
            ["opt/edgesound/releases"] = "dir 755 0:0",
            ["opt/edgesound/releases/9.9.9"] = "dir 755 0:0",
            ["opt/edgesound/releases/9.9.9/EdgeSound.Daemon"] = "file 755 0:0",
            ["opt/edgesound/releases/9.9.9/README.md"] = "file 644 0:0",
            ["opt/edgesound/releases/9.9.9/VERSION"] = "file 644 0:0",
            ["opt/edgesound/releases/9.9.9/models"] = "dir 755 0:0",
            ["opt/edgesound/releases/9.9.9/models/edgesound.onnx"] = "file 644 0:0",
            ["var"] = "dir 755 0:0",
            ["var/lib"] = "dir 755 0:0",
            ["var/lib/edgesound"] = $"dir 750 {uid}:{gid}",
        };
        Assert.Equal(Lines(expected), Lines(Tree()));
        Assert.Equal(
            File.ReadAllText(Path.Combine(DeployScripts.RepoRoot(), "deploy", "edgesound.service")),
            File.ReadAllText(Path.Combine(Root, "etc/systemd/system/edgesound.service")));
    }

    [Fact]
    public void Install_twice_changes_nothing()
    {
        MakeTarball("9.9.9");
        MakeDeviceRoot();
        Assert.Equal(0, Install().Code);
        var first = Tree();

        Assert.Equal(0, Install().Code);

        var second = Tree();
        second.Remove("etc/edgesound/edgesound.yaml.dist");
        Assert.Equal(first, second);
    }

    [Fact]
    public void Upgrade_keeps_config_and_queued_alerts_and_rolls_back()
    {
        MakeTarball("9.9.9");
        MakeDeviceRoot();
        Assert.Equal(0, Install().Code);
        var config = Path.Combine(Root, "etc/edgesound/edgesound.yaml");
        File.AppendAllText(config, "# edited on the device\n");
        var journal = Path.Combine(Root, "var/lib/edgesound/outbox.journal");
        File.WriteAllText(journal, "queued alerts");

        MakeTarball("9.9.10");
        Assert.Equal(0, Install().Code);

        Assert.EndsWith("# edited on the device\n", File.ReadAllText(config), StringComparison.Ordinal);
        Assert.Equal("queued alerts", File.ReadAllText(journal));
        Assert.Equal("releases/9.9.10", new FileInfo(Path.Combine(Root, "opt/edgesound/current")).LinkTarget);
        Assert.Equal("releases/9.9.9", new FileInfo(Path.Combine(Root, "opt/edgesound/previous")).LinkTarget);

        Assert.Equal(0, Install("--rollback").Code);

        Assert.Equal("releases/9.9.9", new FileInfo(Path.Combine(Root, "opt/edgesound/current")).LinkTarget);
        Assert.Equal("releases/9.9.10", new FileInfo(Path.Combine(Root, "opt/edgesound/previous")).LinkTarget);
        Assert.Equal("edgesound 9.9.9\n", DeployScripts.Run(Path.Combine(Root, "opt/edgesound/current/EdgeSound.Daemon"), []).Stdout);
    }

    [Fact]
    public void Rollback_without_a_previous_version_is_refused()
    {
        MakeTarball("9.9.9");
        MakeDeviceRoot();
        Assert.Equal(0, Install().Code);

        var (code, _, stderr) = Install("--rollback");

        Assert.Equal(1, code);
        Assert.Contains("no previous version", stderr);
    }

    [Fact]
    public void Uninstall_keeps_only_the_config_unless_purged()
    {
        MakeTarball("9.9.9");
        MakeDeviceRoot();
        Assert.Equal(0, Install().Code);

        Assert.Equal(0, Install("--uninstall").Code);

        Assert.Equal(["etc/edgesound", "etc/edgesound/edgesound.env", "etc/edgesound/edgesound.yaml", "etc/systemd", "etc/systemd/system", "opt", "var", "var/lib"], Tree().Keys);

        Assert.Equal(0, Install("--uninstall", "--purge").Code);

        Assert.DoesNotContain("etc/edgesound", Tree().Keys);
        Assert.DoesNotContain(File.ReadAllLines(Path.Combine(Root, "etc/passwd")), l => l.StartsWith("edgesound:", StringComparison.Ordinal));
    }

    [Fact]
    public void Dry_run_changes_nothing_and_says_what_it_would_do()
    {
        MakeTarball("9.9.9");
        MakeDeviceRoot();

        var (code, stdout, _) = Install("--dry-run");

        Assert.Equal(0, code);
        Assert.Empty(Tree());
        Assert.Contains("would run: useradd", stdout);
        Assert.Contains("would run: install -m 0644", stdout);
    }

    [Fact]
    public void Dry_run_rollback_and_uninstall_change_nothing_and_say_what_they_would_do()
    {
        MakeTarball("9.9.9");
        MakeDeviceRoot();
        Assert.Equal(0, Install().Code);
        MakeTarball("9.9.10");
        Assert.Equal(0, Install().Code);
        var before = Tree();

        var rollback = Install("--dry-run", "--rollback");
        var uninstall = Install("--dry-run", "--uninstall");
        var purge = Install("--dry-run", "--uninstall", "--purge");

        Assert.Equal(before, Tree());
        Assert.Equal(0, rollback.Code);
        Assert.Equal("install: would roll back from 9.9.10 to 9.9.9 (dry run: nothing changed)", rollback.Stdout.TrimEnd().Split('\n')[^2]);
        Assert.DoesNotContain("rolled back", rollback.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, uninstall.Code);
        Assert.EndsWith($"install: would remove EdgeSound and keep {Root}/etc/edgesound and the edgesound user (dry run: nothing changed)\n", uninstall.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, purge.Code);
        Assert.EndsWith("install: would remove EdgeSound, its configuration and its user (dry run: nothing changed)\n", purge.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_root_is_refused_naming_the_option()
    {
        MakeTarball("9.9.9");

        var (code, stdout, stderr) = DeployScripts.Run("bash", [Path.Combine(Tarball, "install.sh"), "--root", "", "--dry-run"]);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("install: error: --root needs a directory, got an empty string\n", stderr);
    }

    [Fact]
    public void A_root_that_is_not_a_directory_is_bad_input_exit_2_naming_it()
    {
        MakeTarball("9.9.9");
        string missing = Path.Combine(_work, "no-such-root");

        var (code, stdout, stderr) = DeployScripts.Run("bash", [Path.Combine(Tarball, "install.sh"), "--root", missing]);

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"install: error: --root {missing} is not a directory\n", stderr);
        Assert.False(Directory.Exists(missing));
    }

    [Theory]
    [InlineData("--frobnicate", "unknown option '--frobnicate'")]
    [InlineData("--purge", "--purge goes with --uninstall")]
    [InlineData("--rollback --uninstall", "--rollback and --uninstall exclude each other")]
    [InlineData("--dry-run --root", "--root needs a directory")]
    public void Bad_options_exit_2_with_one_line(string options, string problem)
    {
        MakeTarball("9.9.9");

        var (code, stdout, stderr) = Install(options.Split(' '));

        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"install: error: {problem} (install.sh --help lists the options)\n", stderr);
    }

    [Fact]
    public void Installed_unit_passes_systemd_analyze_verify_and_security()
    {
        MakeTarball("9.9.9");
        MakeDeviceRoot();
        Assert.Equal(0, Install().Code);
        var unit = File.ReadAllText(Path.Combine(Root, "etc/systemd/system/edgesound.service"));
        var check = Path.Combine(_work, "edgesound.service");
        File.WriteAllText(check, unit.Replace("ExecStart=/opt/edgesound/", "ExecStart=" + Root + "/opt/edgesound/", StringComparison.Ordinal));

        var verify = DeployScripts.Run("systemd-analyze", ["verify", check]);
        var security = DeployScripts.Run("systemd-analyze", ["security", "--offline=true", check]);

        Assert.True(verify.Code == 0, verify.Stdout + verify.Stderr);
        var exposure = double.Parse(
            security.Stdout.Split('\n').Single(l => l.Contains("Overall exposure level", StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0],
            System.Globalization.CultureInfo.InvariantCulture);
        _output.WriteLine($"systemd-analyze security exposure {exposure}");
        Assert.InRange(exposure, 0.0, 2.5);
    }

    [Fact]
    public void Deploy_scripts_are_shellcheck_clean()
    {
        var repo = DeployScripts.RepoRoot();
        var scripts = Directory.GetFiles(Path.Combine(repo, "deploy"), "*.sh").Append(Path.Combine(repo, ".ci", "run")).ToArray();

        var (code, stdout, stderr) = DeployScripts.Run("shellcheck", scripts);

        Assert.True(code == 0, stdout + stderr);
    }
}
