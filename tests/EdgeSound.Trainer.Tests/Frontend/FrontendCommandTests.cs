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

    /// <summary>A mono 16 kHz WAV: format tag, bits per sample and the data chunk's bytes as given.</summary>
    private string RawWav(string name, ushort tag, int bits, byte[] data)
    {
        var b = new byte[44 + data.Length + (data.Length % 2)];
        "RIFF"u8.CopyTo(b);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4), b.Length - 8);
        "WAVEfmt "u8.CopyTo(b.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(20), tag);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(24), 16000);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(28), 16000 * bits / 8);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(32), (ushort)(bits / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(34), (ushort)bits);
        "data"u8.CopyTo(b.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(40), data.Length);
        data.CopyTo(b.AsSpan(44));
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, b);
        return path;
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "infinite")]
    public void Non_finite_float_samples_are_refused_naming_the_file_and_nothing_is_written(float bad, string what)
    {
        var data = new byte[4 * 16000];
        for (int i = 0; i < 16000; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), bad);
        }

        string wav = RawWav("float_bad.wav", WavFormatTags.IeeeFloat, 32, data);
        string csv = Path.Combine(_dir, "fe.csv");
        var (code, error) = Run("frontend", "--input", wav, "--out", csv);
        Assert.Equal(2, code);
        Assert.Equal($"frontend failed: {wav}: sample frame 0 is {what}: an IEEE float sample must be a finite number", error.Trim());
        Assert.False(File.Exists(csv));
    }

    [Fact]
    public void A_wav_too_short_for_one_frame_is_refused_as_no_audio()
    {
        string wav = RawWav("short.wav", WavFormatTags.Pcm, 16, [0x10, 0x00, 0x7f]);
        string csv = Path.Combine(_dir, "fe.csv");
        var (code, error) = Run("frontend", "--input", wav, "--out", csv);
        Assert.Equal(2, code);
        string line = Assert.Single(error.Trim().Split('\n'), l => !l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.Equal($"frontend failed: {wav}: no audio: 1 sample(s) at 16000 Hz are shorter than one 512-sample frontend frame", line);
        Assert.False(File.Exists(csv));
    }
}
