using System.Text.Json;
using EdgeSound.Inference;
using EdgeSound.Trainer.Tests.Analysis;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>
/// <c>train --teacher</c>: a student trained on the synthetic ESC-50 folder with a teacher's softened scores records its
/// teacher (file, SHA-256, weight, temperature) in its metadata and card; a teacher with other labels is refused with
/// the file named, and --distill without a teacher is a usage error.
/// </summary>
public sealed class DistillationCommandTests(SyntheticBaseModel teacher) : IClassFixture<SyntheticBaseModel>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-distill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_student_learns_with_a_teacher_and_names_it()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string student = Path.Combine(_dir, "student.onnx");
        var (code, _, log) = TrainerCli.Run("train", "--data", data.Root, "--out", student, "--epochs", "12", "--threads", "1",
            "--noise", "0", "--teacher", teacher.Model, "--distill", "0.7", "--temperature", "3");
        Assert.True(code == 0, log);
        Assert.Contains("teachers: 1 model(s) scored", log, StringComparison.Ordinal);

        using var classifier = SoundClassifier.Load(student);
        using JsonDocument training = JsonDocument.Parse(classifier.Metadata[ModelMetadataKeys.Training]);
        JsonElement distillation = training.RootElement.GetProperty("distillation");
        Assert.Equal(0.7, distillation.GetProperty("weight").GetDouble());
        Assert.Equal(3, distillation.GetProperty("temperature").GetDouble());
        Assert.Equal("base.onnx", distillation.GetProperty("teachers")[0].GetProperty("file").GetString());
        Assert.Contains("Knowledge distillation", File.ReadAllText(Path.ChangeExtension(student, ".md")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_teacher_with_other_labels_is_refused_with_its_file_named()
    {
        string folder = Path.Combine(_dir, "two");
        var rng = new Random(5);
        foreach (string label in new[] { "chirp", "buzz" })
        {
            for (int k = 0; k < 3; k++)
            {
                TransferLearningTests.Write(Path.Combine(folder, label, $"{label}{k}.wav"), label, rng);
            }
        }

        var (code, _, log) = TrainerCli.Run("train", "--data", folder, "--out", Path.Combine(_dir, "s.onnx"), "--epochs", "2",
            "--threads", "1", "--noise", "0", "--teacher", teacher.Model);
        Assert.Equal(2, code);
        Assert.Contains(teacher.Model, log, StringComparison.Ordinal);
        Assert.Contains("labels", log, StringComparison.Ordinal);
    }

    [Fact]
    public void Distill_without_a_teacher_is_a_usage_error()
    {
        var (code, _, log) = TrainerCli.Run("train", "--data", _dir, "--out", Path.Combine(_dir, "s.onnx"), "--distill", "0.5");
        Assert.Equal(2, code);
        Assert.Contains("--distill only applies with --teacher", log, StringComparison.Ordinal);
    }
}
