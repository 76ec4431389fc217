using System.Buffers.Binary;
using EdgeSound.Dsp.Audio;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Dsp.Tests.Audio;

/// <summary>Issue 9's WAV files whose header lies, each with the value the field reported, and their kin.</summary>
public sealed class WavHeaderLiesTests
{
    private const string Name = "lying.wav";
    private const int RateOffset = 24;
    private const int ChannelsOffset = 22;

    private static byte[] Pcm16(int frames, int rate = 16000)
    {
        var samples = new float[frames];
        for (int i = 0; i < frames; i++)
        {
            samples[i] = (float)(0.5 * Math.Sin(i * 0.01));
        }

        var stream = new MemoryStream();
        WavWriter.WritePcm16(stream, samples, rate);
        return stream.ToArray();
    }

    private static byte[] With(byte[] wav, int offset, uint value)
    {
        byte[] copy = (byte[])wav.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    private static string Refused(byte[] wav)
    {
        var e = Assert.Throws<WavFormatException>(() => WavReader.Read(new MemoryStream(wav), Name));
        Assert.StartsWith(Name + ": ", e.Message);
        return e.Problem;
    }

    [Theory]
    [InlineData(1u)]
    [InlineData(349384216u)]
    [InlineData(16000u | (1u << 30))]
    [InlineData(3999u)]
    [InlineData(384001u)]
    public void Sample_rates_outside_4k_to_384k_are_refused_naming_the_file_and_the_rate(uint rate)
    {
        string problem = Refused(With(Pcm16(100), RateOffset, rate));
        Assert.Equal($"sample rate {rate} Hz is outside the supported range 4000-384000 Hz (damaged header?)", problem);
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(8000)]
    [InlineData(384000)]
    public void Rates_at_and_inside_the_range_are_read(int rate)
    {
        Assert.Equal(rate, WavReader.Read(new MemoryStream(Pcm16(100, rate)), Name).SampleRate);
    }

    [Fact]
    public void A_mono_clip_whose_header_says_two_channels_is_refused_not_read_as_155_frames()
    {
        byte[] wav = Pcm16(311);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(ChannelsOffset), 2);
        Assert.Equal("block alignment 2 bytes disagrees with 2 channel(s) x 2 bytes per sample = 4 (damaged header?)", Refused(wav));
    }

    [Fact]
    public void Sixty_five_thousand_channels_are_refused_not_read_as_zero_frames()
    {
        byte[] wav = Pcm16(311);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(ChannelsOffset), 65535);
        Assert.Contains("disagrees with 65535 channel(s) x 2 bytes per sample = 131070", Refused(wav));
    }

    [Fact]
    public void Riff_and_data_sizes_of_zero_give_the_1_28_MB_of_audio_that_follow_with_a_warning()
    {
        byte[] good = Pcm16(640_000);
        byte[] wav = With(With(good, 4, 0), 40, 0);
        AudioClip expected = WavReader.Read(new MemoryStream(good), Name);
        foreach (Stream stream in new Stream[] { new MemoryStream(wav), new ForwardOnlyStream(wav) })
        {
            AudioClip clip = WavReader.Read(stream, Name);
            Assert.Equal(640_000, clip.Samples.Length);
            Assert.Equal(40.0, clip.DurationSeconds);
            Assert.Equal(expected.Samples, clip.Samples);
            Assert.Contains(clip.Warnings, w => w.StartsWith("data chunk declares 0 bytes but audio follows", StringComparison.Ordinal));
        }

        Assert.Contains("reading the 1280000 bytes to the end of the file", Assert.Single(WavReader.Read(new MemoryStream(wav), Name).Warnings));
    }

    [Fact]
    public void Data_size_0xFFFFFFFF_reads_to_the_end_with_a_warning()
    {
        byte[] wav = With(With(Pcm16(1000), 4, uint.MaxValue), 40, uint.MaxValue);
        AudioClip clip = WavReader.Read(new MemoryStream(wav), Name);
        Assert.Equal(1000, clip.Samples.Length);
        Assert.Equal("data chunk size is 0xFFFFFFFF (a header that was never finished): reading the 2000 bytes to the end of the file", Assert.Single(clip.Warnings));
    }

    [Fact]
    public void A_data_size_smaller_than_the_audio_that_follows_reads_it_all_with_a_warning()
    {
        byte[] wav = With(Pcm16(1000), 40, 200);
        AudioClip clip = WavReader.Read(new MemoryStream(wav), Name);
        Assert.Equal(1000, clip.Samples.Length);
        Assert.Contains("declares 200 bytes but 1800 more bytes follow it that are not a chunk", Assert.Single(clip.Warnings));
    }

    [Theory]
    [InlineData(201u, 1)]
    [InlineData(203u, 2)]
    [InlineData(202u, 2)]
    public void A_data_size_smaller_than_the_audio_and_no_whole_frames_reads_it_all_from_a_pipe_too(uint declared, int channels)
    {
        byte[] wav = Pcm16(1000);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(ChannelsOffset), (ushort)channels);
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(32), (ushort)(2 * channels));
        wav = With(wav, 40, declared);
        AudioClip clip = WavReader.Read(new MemoryStream(wav), Name);
        Assert.Equal(1000 / channels, clip.Samples.Length);

        AudioClip piped = WavReader.Read(new ForwardOnlyStream(wav), Name);
        Assert.Equal(clip.Samples, piped.Samples);
        Assert.Equal($"data chunk declares {declared} bytes but more bytes follow it that are not a chunk (a size that was not updated?): reading to the end of the stream", Assert.Single(piped.Warnings));
    }

    [Fact]
    public void An_odd_data_size_with_a_partial_frame_then_its_pad_byte_and_a_chunk_ends_the_audio_on_a_pipe()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 2, 16000, 16))
            .Chunk("data", [.. WavFixture.Int16Data(1, 2, 3, 4), 9]).Chunk("LIST", [1, 2, 3, 4]).ToBytes();
        AudioClip piped = WavReader.Read(new ForwardOnlyStream(wav), Name);
        Assert.Equal(2, piped.Samples.Length);
        Assert.Equal("the last 1 data bytes do not make a whole 4-byte sample frame and are ignored", Assert.Single(piped.Warnings));
    }

    [Fact]
    public void A_truncated_file_gives_the_frames_that_are_there_with_a_warning_also_from_a_pipe()
    {
        byte[] wav = Pcm16(1000)[..1045];
        AudioClip clip = WavReader.Read(new MemoryStream(wav), Name);
        Assert.Equal(500, clip.Samples.Length);
        Assert.Equal(2, clip.Warnings.Count);
        Assert.Contains("declares 2000 bytes but only 1001 follow", clip.Warnings[0]);
        Assert.Contains("the last 1 data bytes do not make a whole 2-byte sample frame", clip.Warnings[1]);

        AudioClip piped = WavReader.Read(new ForwardOnlyStream(wav), Name);
        Assert.Equal(clip.Samples, piped.Samples);
        Assert.Equal("the file ends 999 bytes before the end the data chunk declares (truncated?)", Assert.Single(piped.Warnings));
    }

    [Fact]
    public void A_data_chunk_without_a_whole_frame_is_refused_never_an_empty_clip()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 2, 16000, 16)).Chunk("data", [1, 2, 3]).ToBytes();
        Assert.Equal("no audio: the data chunk holds 3 bytes, less than one 4-byte sample frame", Refused(wav));
        byte[] empty = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16)).Chunk("data", []).Chunk("LIST", [1, 2, 3, 4]).ToBytes();
        Assert.StartsWith("no audio", Refused(empty));
        var piped = Assert.Throws<WavFormatException>(() => WavReader.Read(new ForwardOnlyStream(wav[..^3]), Name));
        Assert.Contains("no audio", piped.Message);
    }

    [Fact]
    public void A_chunk_before_the_data_whose_size_runs_past_the_end_is_refused_naming_it()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16)).Chunk("LIST", [1, 2], declaredSize: 5000).Chunk("data", WavFixture.Int16Data(1, 2)).ToBytes();
        Assert.Equal("chunk 'LIST' at byte 36 declares 5000 bytes but only 14 follow, and no data chunk came before it", Refused(wav));
    }

    [Fact]
    public void Valid_bits_above_the_container_are_refused()
    {
        byte[] fmt = WavFixture.FmtExtensible(1, 1, 16000, 16);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(18), 24);
        byte[] wav = new WavFixture().Chunk("fmt ", fmt).Chunk("data", WavFixture.Int16Data(1)).ToBytes();
        Assert.Equal("WAVE_FORMAT_EXTENSIBLE declares 24 valid bits in 16-bit samples", Refused(wav));
    }

    [Fact]
    public void Rf64_takes_the_data_size_from_ds64()
    {
        var ds64 = new byte[28];
        BinaryPrimitives.WriteInt64LittleEndian(ds64.AsSpan(8), 6);
        byte[] wav = new WavFixture().Chunk("ds64", ds64).Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16))
            .Chunk("data", WavFixture.Int16Data(16384, -16384, 8192), declaredSize: uint.MaxValue).ToBytes();
        "RF64"u8.CopyTo(wav);
        BinaryPrimitives.WriteUInt32LittleEndian(wav.AsSpan(4), uint.MaxValue);
        AudioClip clip = WavReader.Read(new MemoryStream(wav), Name);
        Assert.Equal([0.5f, -0.5f, 0.25f], clip.Samples);
        Assert.Empty(clip.Warnings);
    }

    [Fact]
    public void Fmt_after_data_in_a_pipe_is_refused_with_the_reason()
    {
        byte[] wav = new WavFixture().Chunk("data", WavFixture.Int16Data(-16384)).Chunk("fmt ", WavFixture.Fmt(1, 1, 8000, 16)).ToBytes();
        var e = Assert.Throws<WavFormatException>(() => WavReader.Read(new ForwardOnlyStream(wav), Name));
        Assert.Equal("the fmt chunk comes after the data chunk, which a stream that cannot seek cannot read", e.Problem);
    }

    [Fact]
    public void Missing_files_and_directories_are_named()
    {
        string dir = Path.Combine(Path.GetTempPath(), "es-wav-dir-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var d = Assert.Throws<IOException>(() => WavReader.Read(dir));
            Assert.Equal($"{dir}: is a directory, not a WAV file", d.Message);
            var f = Assert.Throws<FileNotFoundException>(() => WavReader.Read(Path.Combine(dir, "none.wav")));
            Assert.Equal($"{Path.Combine(dir, "none.wav")}: file not found", f.Message);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }
}
