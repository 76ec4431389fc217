using System.Buffers.Binary;
using EdgeSound.Daemon.Events;
using EdgeSound.Daemon.Tests.Audio;
using EdgeSound.Dsp.Audio;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Daemon.Tests.EndToEnd;

/// <summary>Issue 9 on the daemon process: lying WAV headers, bad input paths, long files, 8 kHz, 24-bit words in the low bits.</summary>
public sealed class InputFaultTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "es-input-" + Guid.NewGuid().ToString("N"));
    private readonly string _model;

    public InputFaultTests(ITestOutputHelper output)
    {
        _output = output;
        _model = LoudnessModel.Write(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string[] Args(string input, params string[] more) =>
        ["--input", input, "--speed", "max", "--model", _model, "--set", $"state_dir={Path.Combine(_dir, "state")}", "--set", "detection:include:0=tone", .. more];

    private string TonesWav(string name, int rate, Action<byte[]>? lie = null)
    {
        var path = TestAudio.WriteWav(Path.Combine(_dir, name), TestAudio.NoiseWithTones(20, [(3, 2), (12, 3)], rate), rate);
        if (lie is not null)
        {
            var bytes = File.ReadAllBytes(path);
            lie(bytes);
            File.WriteAllBytes(path, bytes);
        }

        return path;
    }

    private static Action<byte[]> Put32(int offset, uint value) => b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(offset), value);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Runs the daemon with <paramref name="args"/>, writes <paramref name="bytes"/> to its stdin, closes it and waits for the exit.</summary>
    private DaemonProcess RunOnStdin(string[] args, byte[] bytes)
    {
        var d = DaemonProcess.Start(args, stdin: true);
        d.StandardInput.BaseStream.Write(bytes);
        d.StandardInput.Close();
        Assert.True(d.WaitForExit(TimeSpan.FromSeconds(60)), d.Stderr);
        _output.WriteLine(d.Stderr);
        return d;
    }

    private static (string Label, double Start, double End, double Level)[] Summary(string jsonLines) =>
        [.. Lines(jsonLines).Select(EventJson.Parse).Select(e => (e.Label, e.StartSeconds, e.EndSeconds, e.LevelDbfs))];

    [Fact]
    public void Bad_wavs_missing_paths_and_directories_exit_2_with_one_line_naming_the_file()
    {
        var missingDir = Path.Combine(_dir, "no-such-dir", "recording");
        var cases = new (string Input, string Line)[]
        {
            (TonesWav("one-hertz.wav", 16000, Put32(24, 1)), "sample rate 1 Hz is outside the supported range 4000-384000 Hz (damaged header?)"),
            (TonesWav("huge-rate.wav", 16000, Put32(24, 349384216)), "sample rate 349384216 Hz is outside the supported range 4000-384000 Hz (damaged header?)"),
            (TonesWav("bit-flip.wav", 16000, Put32(24, 16000u | (1u << 30))), "sample rate 1073757824 Hz is outside the supported range 4000-384000 Hz (damaged header?)"),
            (TonesWav("two-channels.wav", 16000, b => BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(22), 2)), "block alignment 2 bytes disagrees with 2 channel(s) x 2 bytes per sample = 4 (damaged header?)"),
            (Path.Combine(_dir, "missing.wav"), "file not found"),
            (missingDir, "file not found"),
            (_dir, "is a directory, not a WAV file or an ALSA device"),
        };
        foreach (var (input, line) in cases)
        {
            var run = DaemonProcess.Run(Args(input, "--events", "-"), timeoutSeconds: 60);
            _output.WriteLine(run.Stderr);
            Assert.Equal(2, run.Code);
            Assert.Equal($"edgesound: input error: {input}: {line}", Assert.Single(Lines(run.Stderr)));
            Assert.Equal("", run.Stdout);
        }
    }

    [Theory]
    [InlineData("nan", 20000, "is NaN")]
    [InlineData("inf", 30000, "is infinite")]
    public void A_float_sample_that_is_not_finite_mid_file_stops_the_run_exit_2_on_its_last_line(string name, int frame, string fault)
    {
        var wav = FloatWav($"float_{name}.wav", frame, name == "nan" ? float.NaN : float.PositiveInfinity);

        var run = DaemonProcess.Run(Args(wav, "--events", "-"), timeoutSeconds: 60);
        _output.WriteLine(run.Stderr);
        Assert.Equal(2, run.Code);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Cue player stopped", run.Stderr, StringComparison.Ordinal);
        Assert.EndsWith($"Stopped: audio source file {wav} failed: {wav}: sample frame {frame} {fault}: an IEEE float sample must be a finite number: exit 2",
            Lines(run.Stderr)[^1], StringComparison.Ordinal);
    }

    private string FloatWav(string name, int badFrame, float bad)
    {
        var data = new byte[4 * 16000 * 3];
        var rng = new Random(5);
        for (var i = 0; i < data.Length / 4; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), i == badFrame ? bad : (float)(0.1 * ((rng.NextDouble() * 2) - 1)));
        }

        var bytes = new byte[44 + data.Length];
        WavWriter.WritePcm16(new MemoryStream(bytes), [], 16000);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(20), WavFormatTags.IeeeFloat);
        Put32(28, 16000 * 4)(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(32), 4);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(34), 32);
        Put32(4, (uint)(36 + data.Length))(bytes);
        Put32(40, (uint)data.Length)(bytes);
        data.CopyTo(bytes, 44);
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Riff_and_data_sizes_of_zero_give_the_same_events_as_the_finished_file_with_a_warning()
    {
        var finished = DaemonProcess.Run(Args(TonesWav("finished.wav", 16000), "--events", "-"));
        var wav = TonesWav("unfinished.wav", 16000, b =>
        {
            Put32(4, 0)(b);
            Put32(40, 0)(b);
        });
        var unfinished = DaemonProcess.Run(Args(wav, "--events", "-"));
        _output.WriteLine(unfinished.Stderr);
        Assert.Equal(0, unfinished.Code);
        Assert.Equal(2, Lines(unfinished.Stdout).Length);
        Assert.Equal(Summary(finished.Stdout), Summary(unfinished.Stdout));
        Assert.Contains($"{wav}: data chunk declares 0 bytes but audio follows (a recorder that never finished its header?): reading the 640000 bytes to the end of the file", unfinished.Stderr);
        Assert.Contains("20.0 s of audio", unfinished.Stderr);
    }

    [Fact]
    public void A_file_shorter_than_one_window_is_warned_about()
    {
        var wav = TestAudio.WriteWav(Path.Combine(_dir, "blip.wav"), new float[800]);
        var run = DaemonProcess.Run(Args(wav, "--events", "-"));
        Assert.Equal(0, run.Code);
        Assert.Matches(@"The input held 0\.050 s of audio, shorter than one \d\.\d{3} s window: it was judged as one window padded with silence", run.Stderr);
        Assert.DoesNotContain("padded with silence", DaemonProcess.Run(Args(TonesWav("long.wav", 16000))).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Eight_kHz_input_is_warned_about_once()
    {
        var run = DaemonProcess.Run(Args(TonesWav("phone.wav", 8000), "--events", "-"));
        Assert.Equal(0, run.Code);
        Assert.Single(Lines(run.Stderr), l => l.Contains("audio sampled at 8000 Hz holds nothing above 4000 Hz but the model's mel bands reach 7800 Hz: 15 of 64 bands", StringComparison.Ordinal));
        Assert.DoesNotContain("holds nothing above", DaemonProcess.Run(Args(TonesWav("wide.wav", 16000))).Stderr);
    }

    [Fact]
    public void A_wav_over_2_GiB_streams_in_bounded_memory()
    {
        var path = Path.Combine(_dir, "long.wav");
        long dataBytes = (1L << 31) + 32000;
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            var header = new MemoryStream();
            WavWriter.WritePcm16(header, [], 16000);
            var bytes = header.ToArray();
            Put32(4, (uint)(36 + dataBytes))(bytes);
            Put32(40, (uint)dataBytes)(bytes);
            file.Write(bytes);
            file.SetLength(44 + dataBytes);
        }

        using var d = DaemonProcess.Start(Args(path));
        Assert.True(d.WaitForLog("Listening to file", TimeSpan.FromSeconds(30)), d.Stderr);
        Thread.Sleep(4000);
        Assert.False(d.HasExited, d.Stderr);
        var rss = File.ReadAllLines($"/proc/{d.Id}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kib = long.Parse(rss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        _output.WriteLine($"{rss}\n{d.Stderr}");
        Assert.InRange(kib, 1, 600 * 1024);
        d.Terminate();
        Assert.True(d.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, d.ExitCode);
        Assert.DoesNotContain("2 gigabytes", d.Stderr);
    }

    [Fact]
    public void A_recorder_clock_never_set_in_bext_is_named_and_the_events_keep_their_file_times()
    {
        var plain = TonesWav("plain.wav", 16000);
        var bytes = File.ReadAllBytes(plain);
        var bext = new byte[8 + 602];
        "bext"u8.CopyTo(bext);
        BinaryPrimitives.WriteUInt32LittleEndian(bext.AsSpan(4), 602);
        "0001:01:01"u8.CopyTo(bext.AsSpan(8 + 320));
        "00:00:00"u8.CopyTo(bext.AsSpan(8 + 330));
        byte[] spliced = [.. bytes.AsSpan(0, 36), .. bext, .. bytes.AsSpan(36)];
        BinaryPrimitives.WriteUInt32LittleEndian(spliced.AsSpan(4), (uint)(spliced.Length - 8));
        var path = Path.Combine(_dir, "unset-clock.wav");
        File.WriteAllBytes(path, spliced);
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(plain));

        var expected = DaemonProcess.Run(Args(plain, "--events", "-"));
        var run = DaemonProcess.Run(Args(path, "--events", "-"));
        _output.WriteLine(run.Stderr);

        Assert.Equal(0, run.Code);
        Assert.Contains("bext origination 0001-01-01 00:00:00 is before 1990 or after the file was written", run.Stderr);
        Assert.DoesNotContain("Exception", run.Stderr);
        Assert.Equal(2, Summary(run.Stdout).Length);
        Assert.Equal(Lines(expected.Stdout), Lines(run.Stdout));
    }

    [Fact]
    public void A_stray_trailing_byte_on_stdin_is_named()
    {
        using var d = RunOnStdin(Args("-", "--events", "-"), new byte[32001]);
        Assert.Equal(0, d.ExitCode);
        Assert.Contains("stdin: the last 1 bytes are not a whole sample frame (2 bytes) and were dropped", d.Stderr);
        Assert.DoesNotContain("   at ", d.Stderr);
    }

    [Theory]
    [InlineData(1, new string[0], "stdin: ended after 1 bytes, before the first whole sample frame (2 bytes of S16LE x 1 channel(s)): no audio")]
    [InlineData(7, new[] { "--set", "audio:format=s32_le", "--set", "audio:channels=2" }, "stdin: ended after 7 bytes, before the first whole sample frame (8 bytes of S32LE x 2 channel(s)): no audio")]
    public void Raw_stdin_shorter_than_one_sample_frame_is_one_input_error_line_and_exit_2(int bytes, string[] set, string line)
    {
        using var d = RunOnStdin([.. Args("-", "--events", "-"), .. set], new byte[bytes]);
        Assert.Equal(2, d.ExitCode);
        Assert.Equal("edgesound: input error: " + line, Assert.Single(Lines(d.Stderr)));
        Assert.Equal("", d.Stdout);
    }

    [Theory]
    [InlineData(44, 32000u, 0)]
    [InlineData(44, 0u, 0)]
    [InlineData(44, 0xFFFFFFFFu, 0)]
    [InlineData(45, 32000u, 1)]
    public void A_wav_stream_on_stdin_without_a_whole_sample_frame_is_one_input_error_line_and_exit_2(int keep, uint dataSize, int audio)
    {
        var bytes = File.ReadAllBytes(TonesWav("stream.wav", 16000))[..keep];
        Put32(40, dataSize)(bytes);
        using var d = RunOnStdin(Args("-", "--events", "-"), bytes);
        Assert.Equal(2, d.ExitCode);
        Assert.Equal($"edgesound: input error: stdin: ended {audio} bytes after its WAV header, before the first whole sample frame (2 bytes): no audio", Assert.Single(Lines(d.Stderr)));
        Assert.Equal("", d.Stdout);
    }

    [Fact]
    public void An_empty_stdin_is_one_input_error_line_and_exit_2()
    {
        using var d = RunOnStdin(Args("-", "--events", "-"), []);
        Assert.Equal(2, d.ExitCode);
        Assert.Equal("edgesound: input error: stdin: ended before its first byte (an empty pipe or file): no audio, neither a WAV stream nor raw PCM", Assert.Single(Lines(d.Stderr)));
        Assert.Equal("", d.Stdout);
    }

    [Theory]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0u)]
    public void A_wav_stream_on_stdin_is_read_by_its_header_to_the_end_of_the_stream(uint streamingSize)
    {
        const int rate = 22050;
        var file = TonesWav("stream.wav", rate);
        var expected = DaemonProcess.Run(Args(file, "--events", "-"));
        Assert.Equal(0, expected.Code);
        Assert.Equal(2, Summary(expected.Stdout).Length);

        // What arecord or sox write to a pipe: RIFF and data sizes they cannot go back to fill in.
        var bytes = File.ReadAllBytes(file);
        Put32(4, streamingSize)(bytes);
        Put32(40, streamingSize)(bytes);
        using var d = RunOnStdin(Args("-", "--events", "-"), bytes);

        Assert.Equal(0, d.ExitCode);
        Assert.Equal(Summary(expected.Stdout), Summary(d.Stdout));
        Assert.Contains("reading to the end of the stream", d.Stderr);
        Assert.Contains("End of input stdin after 20.0 s of audio", d.Stderr);
    }

    [Fact]
    public async Task A_closed_stdin_is_named_at_start_instead_of_waiting_forever()
    {
        var (code, stderr) = await DaemonProcess.RunWithRedirect("<&-", Args("-"), TimeSpan.FromSeconds(60));
        _output.WriteLine(stderr);
        Assert.Equal(2, code);
        Assert.Contains("edgesound: input error: -: stdin is closed", stderr);
    }

    [Fact]
    public void Low_bit_24_bit_words_are_recognised_as_s32_le_and_match_the_wav_as_s24_le()
    {
        const int rate = 48000;
        var values = Low24Audio.ToInt24(TestAudio.NoiseWithTones(8, [(2, 2)], rate));
        var wav = Low24Audio.WriteWav24(Path.Combine(_dir, "s24.wav"), values, rate);
        var raw = Path.Combine(_dir, "s24.raw");
        File.WriteAllBytes(raw, Low24Audio.LowBitWords(values));
        var conf = Path.Combine(_dir, "asound.conf");
        File.WriteAllText(conf, File.ReadAllText("/usr/share/alsa/alsa.conf") +
            $"\npcm.replay {{ type file slave.pcm \"null\" file \"/dev/null\" infile \"{raw}\" format \"raw\" }}\n");
        var env = new Dictionary<string, string> { ["ALSA_CONFIG_PATH"] = conf };
        string[] live = ["--set", $"audio:sample_rate={rate}", "--set", "audio:period_ms=20"];

        var fromFile = DaemonProcess.Run(Args(wav, "--events", "-"));
        Assert.Equal(0, fromFile.Code);
        var expected = Summary(fromFile.Stdout);
        Assert.Single(expected);

        using (var quiet = DaemonProcess.Start(Args("replay", [.. live, "--set", "audio:format=s32_le"]), env))
        {
            Assert.True(quiet.WaitForLog("set audio:format: s24_le", TimeSpan.FromSeconds(30)), quiet.Stderr);
            Assert.Contains("ALSA replay: the 32-bit samples carry 24-bit values in their low bits", quiet.Stderr);
            Thread.Sleep(3000);
            quiet.Terminate();
            Assert.True(quiet.WaitForExit(TimeSpan.FromSeconds(10)));
            _output.WriteLine(quiet.Stderr);
            Assert.DoesNotContain("Detected tone", quiet.Stderr);
            Assert.Matches(@"Pipeline stopped: .* (\d+) windows, \1 below the gate", quiet.Stderr);
        }

        // The file plugin replays as fast as it is read, not in real time: a queue longer than the whole replay keeps
        // every chunk however far the capture thread runs ahead of the pipeline (JIT, a loaded machine).
        var events = Path.Combine(_dir, "s24-events.jsonl");
        using var right = DaemonProcess.Start(Args("replay", [.. live, "--set", "audio:format=s24_le", "--set", "audio:queue_s=120", "--events", events]), env);
        Assert.True(SpinWait.SpinUntil(() => File.Exists(events) && File.ReadAllText(events).Length > 0, TimeSpan.FromSeconds(30)), right.Stderr);
        right.Terminate();
        Assert.True(right.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Equal(expected, Summary(File.ReadAllText(events)));
        Assert.DoesNotContain("low bits", right.Stderr);

        var check = DaemonProcess.Run(["--check-audio", "--input", "replay", "--set", "audio:format=s32_le", "--set", $"audio:sample_rate={rate}", "--set", "audio:check_seconds=3"], env);
        _output.WriteLine(check.Stdout);
        Assert.Equal(0, check.Code);
        Assert.Contains("verdict: 24-BIT SAMPLES IN THE LOW BITS: ALSA replay: the 32-bit samples carry 24-bit values in their low bits", check.Stdout);
        Assert.Contains("set audio:format: s24_le", check.Stdout);
        Assert.DoesNotContain("audio:channel", check.Stdout);
    }

    [Fact]
    public void Check_audio_names_the_live_channel_when_the_listened_one_is_silent_and_random_bits_as_noise()
    {
        const int rate = 48000;
        var sound = TestAudio.NoiseWithTones(3, [(0.5, 2)], rate);
        var stereo = new byte[sound.Length * 8];
        for (var i = 0; i < sound.Length; i++)
        {
            BitConverter.TryWriteBytes(stereo.AsSpan((i * 8) + 4, 4), (int)(sound[i] * int.MaxValue));
        }

        var random = new Random(9);
        var bits = new byte[rate * 3 * 4];
        random.NextBytes(bits);
        var conf = Path.Combine(_dir, "check.conf");
        var stereoRaw = Path.Combine(_dir, "stereo.raw");
        var bitsRaw = Path.Combine(_dir, "bits.raw");
        File.WriteAllBytes(stereoRaw, stereo);
        File.WriteAllBytes(bitsRaw, bits);
        File.WriteAllText(conf, File.ReadAllText("/usr/share/alsa/alsa.conf") +
            $"\npcm.stereo {{ type file slave.pcm \"null\" file \"/dev/null\" infile \"{stereoRaw}\" format \"raw\" }}\n" +
            $"pcm.bits {{ type file slave.pcm \"null\" file \"/dev/null\" infile \"{bitsRaw}\" format \"raw\" }}\n");
        var env = new Dictionary<string, string> { ["ALSA_CONFIG_PATH"] = conf };
        string[] common = ["--check-audio", "--set", "audio:format=s32_le", "--set", $"audio:sample_rate={rate}", "--set", "audio:check_seconds=2"];

        var silent = DaemonProcess.Run([.. common, "--input", "stereo", "--set", "audio:channels=2", "--set", "audio:channel=0"], env);
        var noise = DaemonProcess.Run([.. common, "--input", "bits"], env);

        _output.WriteLine(silent.Stdout + noise.Stdout);
        Assert.Equal(0, silent.Code);
        Assert.Contains("verdict: ONE CHANNEL SILENT: channel 0 is all zeros but channel 1 carries sound: set audio:channel: 1", silent.Stdout);
        Assert.Contains("channel 1: level: ", silent.Stdout);
        Assert.Equal(0, noise.Code);
        Assert.Contains("verdict: ONLY NOISE: loud white noise", noise.Stdout);
    }
}
