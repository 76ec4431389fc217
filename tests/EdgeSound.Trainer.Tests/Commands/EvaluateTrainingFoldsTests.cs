using System.Globalization;
using System.Text;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// <c>evaluate</c> on folds a model was trained on (its <c>edgesound.training</c> metadata lists them) warns in one
/// stderr line that the accuracy there shows fit, and still reports it with the usual exit code and clean JSON.
/// </summary>
public sealed class EvaluateTrainingFoldsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-evaluate-folds-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_shipped_model_on_its_training_fold_warns_once_and_runs_on()
    {
        string model = RepoPaths.File(Path.Combine("firmware", "models", "edgesound.onnx"));

        var (code, output, error) = TrainerCli.Run("evaluate", "--model", model, "--data", Esc50(), "--folds", "4", "--json", "--workers", "1");

        Assert.True(code == 0, error);
        Assert.StartsWith("{\"clips\":2,", output, StringComparison.Ordinal);
        string warning = Assert.Single(error.Split('\n'), line => line.Contains("fit, not generalisation", StringComparison.Ordinal)).TrimEnd('\r');
        Assert.Equal($"evaluate: warning: {model} was trained on fold(s) 1,2,3,4 (its edgesound.training metadata), which include evaluated fold(s) 4: "
            + "accuracy there shows fit, not generalisation (the held-out figures are in the model's card)", warning);
    }

    [Fact]
    public void A_recipe_check_model_held_out_on_the_fold_does_not_warn()
    {
        string model = RepoPaths.File(Path.Combine("firmware", "models", "recipe-check", "edgesound-heldout4.onnx"));

        var (code, _, error) = TrainerCli.Run("evaluate", "--model", model, "--data", Esc50(), "--folds", "4", "--json", "--workers", "1");

        Assert.True(code == 0, error);
        Assert.DoesNotContain("fit, not generalisation", error, StringComparison.Ordinal);
    }

    /// <summary>An ESC-50 folder of two tone clips in fold 4 and one in fold 5, all labelled with classes the shipped model has.</summary>
    private string Esc50()
    {
        string root = Path.Combine(_dir, "esc50");
        var csv = new StringBuilder("filename,fold,target,category,esc10,src_file,take\n");
        (int Fold, string Category, double Hz)[] clips = [(4, "dog", 600), (4, "rain", 3000), (5, "dog", 700)];
        for (int i = 0; i < clips.Length; i++)
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"{clips[i].Fold}-{100 + i}-A-{i}.wav");
            ToneClip.Write(Path.Combine(root, "audio", name), clips[i].Hz);
            csv.Append(CultureInfo.InvariantCulture, $"{name},{clips[i].Fold},{i},{clips[i].Category},False,{100 + i},A\n");
        }

        Directory.CreateDirectory(Path.Combine(root, "meta"));
        File.WriteAllText(Path.Combine(root, "meta", "esc50.csv"), csv.ToString());
        return root;
    }
}
