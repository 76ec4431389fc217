using EdgeSound.Learning.Neural;
using EdgeSound.Trainer.Training;
using Xunit;

namespace EdgeSound.Trainer.Tests.Training;

public sealed class RuntimeAgreementTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-agree-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_model_onnx_runtime_refuses_stops_the_run_naming_the_file_and_stays_for_inspection()
    {
        string model = Path.Combine(_dir, "m.onnx");
        File.WriteAllBytes(model, [0x08, 0x07, 0x12, 0x03, 0xFF, 0xFF]);
        var log = new StringWriter();

        var e = Assert.Throws<InvalidDataException>(() =>
            RuntimeAgreement.Check(model, [], new ClipPredictions([], [], [], 0), log));

        Assert.StartsWith($"{model}: ONNX Runtime cannot load the exported model, so the device could not either", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("check skipped", log.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(model));
    }
}
