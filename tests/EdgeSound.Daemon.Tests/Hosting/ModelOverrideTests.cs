using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Hosting;
using EdgeSound.Daemon.Tests.EndToEnd;
using EdgeSound.Inference;
using Xunit;

namespace EdgeSound.Daemon.Tests.Hosting;

/// <summary>A model that records no SHA-256 is refused with the daemon's override named, and loads with it.</summary>
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
}
