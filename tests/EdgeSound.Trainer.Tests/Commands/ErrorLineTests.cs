using EdgeSound.Trainer.Commands;
using EdgeSound.Trainer.Tests.Analysis;
using Xunit;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>A verb's error line never shows the code's parameter names (<c>(Parameter 'name')</c>).</summary>
public sealed class ErrorLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-errorline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Parameter_names_are_taken_out_of_the_message_and_of_wrapping_messages_that_quote_it()
    {
        var inner = new ArgumentException("m.onnx: the model's frontend runs at 8000 Hz, not 16000 Hz.", "classifier");
        var wrapped = new InvalidOperationException($"evaluate: a worker failed: {inner.Message}", inner);
        var range = new ArgumentOutOfRangeException("Perplexity", 0.5, "TSneOptions.Perplexity must be >= 1.");

        Assert.Equal("m.onnx: the model's frontend runs at 8000 Hz, not 16000 Hz.", ErrorLine.Message(inner));
        Assert.Equal("evaluate: a worker failed: m.onnx: the model's frontend runs at 8000 Hz, not 16000 Hz.", ErrorLine.Message(wrapped));
        Assert.Equal("TSneOptions.Perplexity must be >= 1.", ErrorLine.Message(range));
        Assert.Equal("plain", ErrorLine.Message(new IOException("plain")));
    }

    [Fact]
    public void A_verb_refusing_a_value_deep_in_the_code_names_no_parameter()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);

        var (code, output, error) = TrainerCli.Run("soundscape", "generate", "--data", data.Root, "--out", Path.Combine(_dir, "s.wav"),
            "--duration", "20", "--background", "purple");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal("soundscape generate failed: unknown noise colour 'purple' (white, pink or brown)", error.TrimEnd().Split('\n')[^1].TrimEnd('\r'));
    }
}
