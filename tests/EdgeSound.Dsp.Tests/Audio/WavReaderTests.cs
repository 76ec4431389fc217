using EdgeSound.Dsp.Audio;
using Xunit;

namespace EdgeSound.Dsp.Tests.Audio;

public sealed class WavReaderTests
{
    private const string Name = "fixture.wav";

    private static AudioClip Read(byte[] bytes) => WavReader.Read(new MemoryStream(bytes), Name);

    private static WavFormatException Fails(byte[] bytes)
    {
        var e = Assert.Throws<WavFormatException>(() => Read(bytes));
        Assert.StartsWith(Name + ": ", e.Message);
        Assert.IsAssignableFrom<IOException>(e);
        return e;
    }

    [Fact]
    public void Reads16BitMono()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16)).Chunk("data", WavFixture.Int16Data(0, 16384, -32768, 32767)).ToBytes();
        AudioClip clip = Read(wav);
        Assert.Equal(16000, clip.SampleRate);
        Assert.Equal([0f, 0.5f, -1f, 32767f / 32768f], clip.Samples);
    }

    [Fact]
    public void Reads8BitUnsigned()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 8000, 8)).Chunk("data", [128, 0, 255, 192]).ToBytes();
        Assert.Equal([0f, -1f, 127f / 128f, 0.5f], Read(wav).Samples);
    }

    [Fact]
    public void Reads24BitSigned()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 44100, 24)).Chunk("data", WavFixture.Int24Data(0, 0x400000, -0x800000, -1)).ToBytes();
        Assert.Equal([0f, 0.5f, -1f, -1f / 8388608f], Read(wav).Samples);
    }

    [Fact]
    public void Reads32BitSigned()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 48000, 32)).Chunk("data", WavFixture.Int32Data(int.MinValue, 0x40000000, 0)).ToBytes();
        Assert.Equal([-1f, 0.5f, 0f], Read(wav).Samples);
    }

    [Fact]
    public void ReadsFloat32()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(3, 1, 22050, 32)).Chunk("data", WavFixture.FloatData(0.25f, -0.75f)).ToBytes();
        AudioClip clip = Read(wav);
        Assert.Equal(22050, clip.SampleRate);
        Assert.Equal([0.25f, -0.75f], clip.Samples);
    }

    [Fact]
    public void ReadsExtensibleWithPcmAndFloatSubformats()
    {
        byte[] pcm = new WavFixture().Chunk("fmt ", WavFixture.FmtExtensible(1, 2, 48000, 16)).Chunk("data", WavFixture.Int16Data(16384, 0, -16384, -16384)).ToBytes();
        Assert.Equal([0.25f, -0.5f], Read(pcm).Samples);
        byte[] flt = new WavFixture().Chunk("fmt ", WavFixture.FmtExtensible(3, 1, 48000, 32)).Chunk("data", WavFixture.FloatData(0.125f)).ToBytes();
        Assert.Equal([0.125f], Read(flt).Samples);
    }

    [Fact]
    public void ExtensibleWithForeignGuidNamesTheGuid()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.FmtExtensible(1, 1, 16000, 16, validGuid: false)).Chunk("data", WavFixture.Int16Data(1)).ToBytes();
        Assert.Contains("subformat GUID", Fails(wav).Message);
    }

    [Fact]
    public void DownmixesChannelsByAveraging()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 3, 16000, 16))
            .Chunk("data", WavFixture.Int16Data(3000, 6000, 9000, -3000, -3000, 0)).ToBytes();
        AudioClip clip = Read(wav);
        Assert.Equal(2, clip.Samples.Length);
        Assert.Equal(6000f / 32768f, clip.Samples[0], 6);
        Assert.Equal(-2000f / 32768f, clip.Samples[1], 6);
    }

    [Fact]
    public void SkipsUnknownAndOddSizedChunksIncludingBeforeFmt()
    {
        byte[] wav = new WavFixture()
            .Chunk("LIST", [1, 2, 3])
            .Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16))
            .Chunk("junk", [9, 9, 9, 9, 9])
            .Chunk("data", WavFixture.Int16Data(100, 200))
            .Chunk("cue ", [7])
            .ToBytes();
        Assert.Equal([100f / 32768f, 200f / 32768f], Read(wav).Samples);
    }

    [Fact]
    public void DataBeforeFmtIsAccepted()
    {
        byte[] wav = new WavFixture().Chunk("data", WavFixture.Int16Data(-16384)).Chunk("fmt ", WavFixture.Fmt(1, 1, 8000, 16)).ToBytes();
        Assert.Equal([-0.5f], Read(wav).Samples);
    }

    [Fact]
    public void OddDataChunkIgnoresPartialFrame()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16)).Chunk("data", [0, 64, 5]).ToBytes();
        Assert.Equal([0.5f], Read(wav).Samples);
    }

    [Fact]
    public void TruncatedHeaderIsReported()
    {
        Assert.Contains("truncated header", Fails([.. "RIFF"u8, 0, 0]).Message);
        byte[] shortFmt = new WavFixture().Chunk("fmt ", new byte[10]).ToBytes();
        Assert.Contains("truncated header", Fails(shortFmt).Message);
        byte[] cutFmt = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16)).ToBytes()[..30];
        Assert.Contains("truncated header", Fails(cutFmt).Message);
    }

    [Fact]
    public void DataLongerThanFileIsReadWithAWarningSayingDeclaredAndAvailable()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16)).Chunk("data", WavFixture.Int16Data(1, 2, 3), declaredSize: 1000).ToBytes();
        AudioClip clip = Read(wav);
        Assert.Equal([1f / 32768f, 2f / 32768f, 3f / 32768f], clip.Samples);
        string warning = Assert.Single(clip.Warnings);
        Assert.Contains("data chunk declares 1000 bytes but only 6 follow", warning);
    }

    [Theory]
    [InlineData(2, "Microsoft ADPCM")]
    [InlineData(0x55, "MPEG Layer 3")]
    [InlineData(0x1234, "0x1234")]
    public void UnknownFormatTagIsNamed(int tag, string expected)
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt((ushort)tag, 1, 16000, 16)).Chunk("data", WavFixture.Int16Data(1)).ToBytes();
        string m = Fails(wav).Message;
        Assert.Contains("unknown format tag", m);
        Assert.Contains(expected, m);
    }

    [Fact]
    public void ZeroChannelsAndZeroRateAreReported()
    {
        byte[] noChannels = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 0, 16000, 16, blockAlign: 2)).Chunk("data", WavFixture.Int16Data(1)).ToBytes();
        Assert.Contains("zero channels", Fails(noChannels).Message);
        byte[] noRate = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 0, 16)).Chunk("data", WavFixture.Int16Data(1)).ToBytes();
        Assert.Contains("zero sample rate", Fails(noRate).Message);
    }

    [Fact]
    public void MissingChunksAreReported()
    {
        Assert.Contains("missing fmt chunk", Fails(new WavFixture().Chunk("data", WavFixture.Int16Data(1)).ToBytes()).Message);
        Assert.Contains("missing data chunk", Fails(new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16)).ToBytes()).Message);
    }

    [Fact]
    public void NotRiffOrNotWaveIsReported()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16)).ToBytes();
        byte[] notRiff = (byte[])wav.Clone();
        notRiff[0] = (byte)'X';
        Assert.Contains("not a RIFF file", Fails(notRiff).Message);
        byte[] notWave = (byte[])wav.Clone();
        notWave[8] = (byte)'A';
        Assert.Contains("not 'WAVE'", Fails(notWave).Message);
    }

    [Fact]
    public void UnsupportedBitDepthIsReported()
    {
        byte[] wav = new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 12, blockAlign: 2)).Chunk("data", WavFixture.Int16Data(1)).ToBytes();
        Assert.Contains("12-bit", Fails(wav).Message);
    }

    [Fact]
    public void ReadFromPathNamesThePath()
    {
        string path = Path.Combine(Path.GetTempPath(), $"es-audio-{Guid.NewGuid():N}.wav");
        File.WriteAllBytes(path, new WavFixture().Chunk("fmt ", WavFixture.Fmt(1, 0, 16000, 16, blockAlign: 2)).ToBytes());
        try
        {
            var e = Assert.Throws<WavFormatException>(() => WavReader.Read(path));
            Assert.StartsWith(path + ": ", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WriterRoundTripsThroughReader()
    {
        float[] samples = [0f, 0.5f, -0.5f, 1f, -1f, 0.123f];
        var stream = new MemoryStream();
        WavWriter.WritePcm16(stream, samples, 22050);
        byte[] bytes = stream.ToArray();
        Assert.Equal(44 + 2 * samples.Length, bytes.Length);
        AudioClip clip = Read(bytes);
        Assert.Equal(22050, clip.SampleRate);
        for (int i = 0; i < samples.Length; i++)
        {
            Assert.Equal(Math.Clamp(samples[i], -1f, 32767f / 32768f), clip.Samples[i], 1e-4f);
        }
    }
}
