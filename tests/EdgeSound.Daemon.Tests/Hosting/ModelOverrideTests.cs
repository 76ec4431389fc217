using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Hosting;
using EdgeSound.Daemon.Tests.EndToEnd;
using EdgeSound.Inference;
using Xunit;

namespace EdgeSound.Daemon.Tests.Hosting;

/// <summary>A model that records no SHA-256, or one that does not match its bytes, is refused with the daemon's override named, and loads with it.</summary>
public sealed class ModelOverrideTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-override-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_refusal_of_an_unsealed_model_names_the_config_key_and_the_set_flag_that_allow_it()
    {
        var model = LoudnessModel.Write(_dir, seal: false);

        var e = Assert.Throws<ModelLoadException>(() => SoundClassifier.Load(model, DaemonApp.ModelLoadOptions(new DaemonOptions())));

        Assert.Contains("records no SHA-256", e.Message);
        Assert.Contains("allow_unverified_model: true in the config, or --set allow_unverified_model=true", e.Message);
        using var loaded = SoundClassifier.Load(model, DaemonApp.ModelLoadOptions(new DaemonOptions { AllowUnverifiedModel = true }));
        Assert.Null(loaded.Digest.Recorded);
    }

    [Fact]
    public void The_refusal_of_a_model_whose_bytes_do_not_match_its_recorded_hash_names_the_override()
    {
        var model = LoudnessModel.Write(_dir);
        var bytes = File.ReadAllBytes(model);
        var recorded = ModelDigest.Of(bytes).Recorded!;
        var at = bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(recorded));
        bytes[at] = (byte)(bytes[at] == (byte)'0' ? '1' : '0');
        File.WriteAllBytes(model, bytes);

        var e = Assert.Throws<ModelLoadException>(() => SoundClassifier.Load(model, DaemonApp.ModelLoadOptions(new DaemonOptions())));

        Assert.Contains("SHA-256 mismatch", e.Message);
        Assert.Contains("allow_unverified_model: true in the config, or --set allow_unverified_model=true", e.Message);
        using var loaded = SoundClassifier.Load(model, DaemonApp.ModelLoadOptions(new DaemonOptions { AllowUnverifiedModel = true }));
        Assert.False(loaded.Digest.Matches);
    }
}
