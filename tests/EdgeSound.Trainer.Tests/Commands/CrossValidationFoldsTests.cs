using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// <c>train --cv</c> on data where a class has clips in one fold only: holding that fold out would train a model that
/// never hears the class and judge it on that class, so the run stops before any training, naming class and fold, as
/// <c>analyze</c> does.
/// </summary>
public sealed class CrossValidationFoldsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-cvfolds-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_class_in_one_fold_only_stops_cv_naming_class_and_fold()
    {
        string data = ToneClip.Folders(Path.Combine(_dir, "data"), ("dog", 440), ("cat", 880));
        string manifest = Path.Combine(data, "manifest.csv");
        File.WriteAllText(manifest, "filename,label,fold\ndog/dog0.wav,dog,1\ndog/dog1.wav,dog,2\ncat/cat0.wav,cat,1\ncat/cat1.wav,cat,1\n");
        string model = Path.Combine(_dir, "m.onnx");

        var (code, output, error) = TrainerCli.Run("train", "--data", manifest, "--out", model, "--cv", "--epochs", "1", "--threads", "1");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.EndsWith(
            "train failed: --cv: holding out fold 1 leaves no clip of 'cat' to train on (every clip of it is in that fold); "
            + "leave-one-fold-out needs each class in at least 2 folds", error.TrimEnd());
        Assert.DoesNotContain("epoch 1/1", error, StringComparison.Ordinal);
        Assert.False(File.Exists(model));
    }
}
