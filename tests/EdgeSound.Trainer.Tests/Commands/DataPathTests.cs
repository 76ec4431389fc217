using EdgeSound.Dsp.Audio;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>Every command that reads <c>--data</c> refuses a path that is no dataset in one line naming it, exit 2.</summary>
public sealed class DataPathTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-datapath-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Verbs => ["train", "features", "analyze", "evaluate", "openset"];

    [Theory]
    [MemberData(nameof(Verbs))]
    public void A_wav_file_given_as_data_is_named_as_a_file(string verb)
    {
        string wav = Path.Combine(_dir, "bark.wav");
        WavWriter.WritePcm16(wav, new float[1600], 16000);

        AssertRefusedInOneLine(verb, wav, $"{wav}: is a file; a dataset is a folder or a .csv manifest");
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void A_missing_data_path_is_named(string verb)
    {
        string missing = Path.Combine(_dir, "no-such-folder");

        AssertRefusedInOneLine(verb, missing, $"{missing}: dataset folder (or .csv manifest) not found");
    }

    private void AssertRefusedInOneLine(string verb, string data, string expected)
    {
        var (code, output, error) = TrainerCli.Run(Arguments(verb, data));

        Assert.Equal(2, code);
        Assert.Equal("", output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    private string[] Arguments(string verb, string data)
    {
        string model = RepoPaths.File("firmware/models/edgesound.onnx");
        string output = Path.Combine(_dir, "out-" + verb);
        return verb switch
        {
            "train" => ["train", "--data", data, "--out", output + ".onnx"],
            "features" => ["features", "--data", data, "--out", output + ".csv"],
            "analyze" => ["analyze", "--data", data, "--out", output],
            "evaluate" => ["evaluate", "--model", model, "--data", data],
            _ => ["openset", "--model", model, "--data", data],
        };
    }
}
