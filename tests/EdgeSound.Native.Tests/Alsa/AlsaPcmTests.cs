using EdgeSound.Native.Alsa;
using Xunit;

namespace EdgeSound.Native.Tests.Alsa;

public sealed class AlsaPcmTests
{
    [Fact]
    public void LibraryReportsItsVersion()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+", AlsaPcm.LibraryVersion);
    }

    [Fact]
    public void NullCaptureConfiguresAndReadsWholeBuffers()
    {
        using AlsaPcm pcm = AlsaPcm.Open("null", PcmDirection.Capture);
        PcmConfiguration config = pcm.Configure(new PcmHardwareRequest(PcmSampleFormat.S16LE, 1, 16000, ExactRate: true, PeriodFrames: 256, BufferFrames: 1024));

        Assert.Equal(16000, config.Rate);
        Assert.Equal(1, config.Channels);
        Assert.Equal(2, config.BytesPerFrame);
        Assert.InRange(config.PeriodFrames, 1, config.BufferFrames);
        Assert.Equal(PcmState.Prepared, pcm.State);

        var buffer = new short[256];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(256, pcm.Read(buffer));
        }

        Assert.Equal(PcmState.Running, pcm.State);
        pcm.Drop();
        Assert.Equal(PcmState.Setup, pcm.State);
        pcm.Prepare();
        Assert.Equal(PcmState.Prepared, pcm.State);
    }

    [Fact]
    public void NullCaptureS32StereoReadsFramesNotSamples()
    {
        using AlsaPcm pcm = AlsaPcm.Open("null", PcmDirection.Capture);
        PcmConfiguration config = pcm.Configure(new PcmHardwareRequest(PcmSampleFormat.S32LE, 2, 48000));

        Assert.Equal(48000, config.Rate);
        Assert.Equal(8, config.BytesPerFrame);
        var buffer = new int[2 * 100];
        Assert.Equal(100, pcm.Read(buffer));
    }

    [Fact]
    public void NullPlaybackWritesAndDrains()
    {
        using AlsaPcm pcm = AlsaPcm.Open("null", PcmDirection.Playback);
        pcm.Configure(new PcmHardwareRequest(PcmSampleFormat.S16LE, 2, 44100, PeriodFrames: 441));
        var tone = new short[2 * 441];
        for (int i = 0; i < 441; i++)
        {
            short v = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 44100.0));
            tone[2 * i] = v;
            tone[(2 * i) + 1] = v;
        }

        Assert.Equal(441, pcm.Write(tone));
        Assert.Equal(441, pcm.Write(tone));
        pcm.Drain();
        Assert.Equal(PcmState.Setup, pcm.State);
    }

    [Fact]
    public void MissingDeviceNamesTheDevice()
    {
        var ex = Assert.Throws<AlsaException>(() => AlsaPcm.Open("edgesound_no_such_pcm", PcmDirection.Capture));

        Assert.Contains("'edgesound_no_such_pcm'", ex.Message);
        Assert.Contains("open capture", ex.Message);
        Assert.True(ex.ErrorCode < 0);
        Assert.False(string.IsNullOrWhiteSpace(ex.AlsaMessage));
        Assert.Contains(ex.AlsaMessage, ex.Message);
    }

    [Fact]
    public void ReadBeforeConfigureAndWrongSpanTypeAreRejected()
    {
        using AlsaPcm pcm = AlsaPcm.Open("null", PcmDirection.Capture);
        var shorts = new short[8];
        var inv = Assert.Throws<InvalidOperationException>(() => pcm.Read(shorts));
        Assert.Contains("Configure", inv.Message);

        pcm.Configure(new PcmHardwareRequest(PcmSampleFormat.S16LE, 2, 16000));
        var ints = new int[8];
        var wrongType = Assert.Throws<ArgumentException>(() => pcm.Read(ints));
        Assert.Contains("S16LE", wrongType.Message);
        var odd = Assert.Throws<ArgumentException>(() => pcm.Read(new short[7]));
        Assert.Contains("7 samples", odd.Message);
        var wrongDirection = Assert.Throws<InvalidOperationException>(() => pcm.Write(shorts));
        Assert.Contains("capture", wrongDirection.Message);
    }

    [Fact]
    public void RecoverReportsWhetherTheErrorWasAnXrun()
    {
        using AlsaPcm pcm = AlsaPcm.Open("null", PcmDirection.Capture);
        pcm.Configure(new PcmHardwareRequest(PcmSampleFormat.S16LE, 1, 16000));

        Assert.True(pcm.Recover(-32));
        Assert.Equal(PcmState.Prepared, pcm.State);
        Assert.False(pcm.Recover(-4));

        var ex = Assert.Throws<AlsaException>(() => pcm.Recover(-19));
        Assert.Contains("'null'", ex.Message);
        Assert.Contains("recover", ex.Message);
    }

    [Fact]
    public void DisposedPcmRejectsReads()
    {
        AlsaPcm pcm = AlsaPcm.Open("null", PcmDirection.Capture);
        pcm.Configure(new PcmHardwareRequest(PcmSampleFormat.S16LE, 1, 16000));
        pcm.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pcm.Read(new short[4]));
    }
}
