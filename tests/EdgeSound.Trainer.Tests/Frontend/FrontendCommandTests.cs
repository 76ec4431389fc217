using System.Buffers.Binary;
using System.CommandLine;
using EdgeSound.Dsp.Audio;
using EdgeSound.Trainer.Commands;
using Xunit;

namespace EdgeSound.Trainer.Tests.FrontendCsv;

/// <summary><c>frontend</c> on WAV files whose header lies (issue 9) and on 8 kHz input.</summary>
public sealed class FrontendCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-frontend-" + Guid.NewGuid().ToString("N"));

    public FrontendCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Error) Run(params string[] args)
    {
        var root = new RootCommand { FrontendCommand.Create() };
        var error = new StringWriter();
        int code = root.Parse(args).Invoke(new InvocationConfiguration { Error = error, Output = new StringWriter() });
        return (code, error.ToString());
    }

    private string Wav(string name, int rate, Action<byte[]>? lie = null)
    {
        var samples = new float[rate];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 1000 * i / rate));
        }

        var stream = new MemoryStream();
        WavWriter.WritePcm16(stream, samples, rate);
        byte[] bytes = stream.ToArray();
        lie?.Invoke(bytes);
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void A_1_Hz_rate_is_refused_at_once_with_exit_2_naming_the_file()
    {
        string wav = Wav("one-hertz.wav", 16000, b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(24), 1));
        var (code, error) = Run("frontend", "--input", wav, "--out", Path.Combine(_dir, "f.csv"));
        Assert.Equal(2, code);
        Assert.Equal($"frontend failed: {wav}: sample rate 1 Hz is outside the supported range 4000-384000 Hz (damaged header?)", error.Trim());
        Assert.False(File.Exists(Path.Combine(_dir, "f.csv")));
    }

    [Fact]
    public void Sizes_of_zero_are_read_with_a_warning_giving_every_frame()
    {
        string good = Wav("good.wav", 16000);
        string lying = Wav("unfinished.wav", 16000, b =>
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 0);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(40), 0);
        });
        Assert.Equal(0, Run("frontend", "--input", good, "--out", Path.Combine(_dir, "good.csv")).Code);
        var (code, error) = Run("frontend", "--input", lying, "--out", Path.Combine(_dir, "lying.csv"));
        Assert.Equal(0, code);
        Assert.Contains($"warning: {lying}: data chunk declares 0 bytes but audio follows", error);
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "good.csv")), File.ReadAllText(Path.Combine(_dir, "lying.csv")));
        Assert.Equal(1 + 61, File.ReadAllLines(Path.Combine(_dir, "good.csv")).Length);
    }

    [Fact]
    public void Eight_kHz_input_is_warned_about_once_naming_the_missing_bands()
    {
        string wav = Wav("phone.wav", 8000);
        var (code, error) = Run("frontend", "--input", wav, "--out", Path.Combine(_dir, "phone.csv"));
        Assert.Equal(0, code);
        string warning = Assert.Single(error.Split('\n'), l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.Contains("audio sampled at 8000 Hz holds nothing above 4000 Hz but the model's mel bands reach 7800 Hz: 15 of 64 bands peak above 4000 Hz", warning);
        Assert.DoesNotContain("warning", Run("frontend", "--input", Wav("wide.wav", 16000), "--out", Path.Combine(_dir, "wide.csv")).Error);
    }
}
