using System.Threading.Channels;
using EdgeSound.Daemon.Audio;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Tests.EndToEnd;
using EdgeSound.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EdgeSound.Daemon.Tests.Audio;

/// <summary>
/// The same 24-bit samples as a WAV file and through ALSA's file-plugin replay device (S24_LE words) must reach the
/// pipeline as the same 16 kHz samples, hence the same levels and gate decisions; and low-bit words read as s32_le
/// must be recognised.
/// </summary>
public sealed class FileLiveParityTests : IDisposable
{
    private const int Rate = 48000;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-parity-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static AudioOptions Options(string input, string format) => new()
    {
        Input = input, Format = format, SampleRate = Rate, Channels = 1, PeriodMs = 20, GainDb = 6, DcRemoval = true, Speed = "max",
    };

    private static short[] Collect(IAudioSource source, int wanted)
    {
        var channel = AudioChannel.Create(600);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = source.RunAsync(channel.Writer, new SourceCounters(), cancel.Token);
        var samples = new List<short>();
        while (samples.Count < wanted && !cancel.IsCancellationRequested)
        {
            if (channel.Reader.TryRead(out var chunk))
            {
                samples.AddRange(chunk.Samples.ToArray());
                chunk.Return();
            }
            else if (run.IsCompleted && !channel.Reader.TryPeek(out _))
            {
                break;
            }
            else
            {
                Thread.Sleep(1);
            }
        }

        cancel.Cancel();
        return [.. samples];
    }

    [Fact]
    public void A_wav_file_and_the_replayed_s24_words_give_identical_16_kHz_samples_levels_and_gate_decisions()
    {
        var values = Low24Audio.ToInt24(TestAudio.NoiseWithTones(3, [(1, 1)], Rate));
        var wav = Low24Audio.WriteWav24(Path.Combine(_dir, "s24.wav"), values, Rate);
        var fromFile = Collect(WavSource.FromFile(wav, Options(wav, "s16_le"), NullLogger.Instance), int.MaxValue);
        Assert.Equal(3 * 16000, fromFile.Length);

        short[] live;
        using (var lease = AlsaReplay.Lease(Low24Audio.LowBitWords(values)))
        {
            live = Collect(new AlsaCaptureSource(Options(lease.Device, "s24_le"), NullLogger.Instance), fromFile.Length);
        }

        // The live stream runs on (silence after the file); the resampler's tail of the file is flushed with zeros,
        // which the live path only produces once more input arrives: compare all but that tail.
        var compared = fromFile.Length - 64;
        Assert.Equal(fromFile[..compared], live[..compared]);
        var fileLevels = WindowLevels(fromFile[..compared]);
        Assert.Equal(fileLevels, WindowLevels(live[..compared]));
        Assert.Contains(fileLevels, l => l > -30);
        Assert.Contains(fileLevels, l => l < -30);
    }

    [Fact]
    public void Low_bit_words_read_as_s32_le_are_48_dB_too_quiet_and_recognised()
    {
        var values = Low24Audio.ToInt24(TestAudio.NoiseWithTones(1, [(0, 1)], Rate));
        var words = new int[values.Length];
        values.CopyTo(words, 0);
        var check = new Low24BitCheck();
        check.Add(words, 0, 1);
        Assert.True(check.LooksLikeLow24);
        Assert.Contains("set audio:format: s24_le", check.Advice("ALSA x"));
        Assert.Equal(48.16, Low24BitCheck.LossDb, 2);

        var leftJustified = new Low24BitCheck();
        leftJustified.Add(values.Select(v => v << 8).ToArray(), 0, 1);
        Assert.False(leftJustified.LooksLikeLow24);
        var silence = new Low24BitCheck();
        silence.Add(new int[Rate], 0, 1);
        Assert.False(silence.LooksLikeLow24);

        var asS32 = new SampleConditioner(Rate, 1, 0, 0, dcRemoval: false, maxFrames: words.Length);
        var asS24 = new SampleConditioner(Rate, 1, 0, 0, dcRemoval: false, maxFrames: words.Length);
        var quiet = new short[asS32.MaxOutput(words.Length)];
        var right = new short[quiet.Length];
        var n = asS32.Process(words, quiet);
        Assert.Equal(n, asS24.Process(words, CaptureFormat.S24LE, right));
        var loss = Dbfs(right.AsSpan(0, n)) - Dbfs(quiet.AsSpan(0, n));
        Assert.InRange(loss, 47, 50);
    }

    /// <summary>RMS level of <paramref name="x"/> as the pipeline's <see cref="LevelMeter"/> measures it.</summary>
    private static double Dbfs(ReadOnlySpan<short> x)
    {
        var meter = new LevelMeter(x.Length, 1);
        meter.Process(x);
        return LevelMeter.ToDbfs(meter.BlockMeanSquare(0));
    }

    private static double[] WindowLevels(short[] x)
    {
        var levels = new List<double>();
        for (var start = 0; start + 16000 <= x.Length; start += 8000)
        {
            levels.Add(Dbfs(x.AsSpan(start, 16000)));
        }

        return [.. levels];
    }
}
