using System.Buffers.Binary;
using EdgeSound.Native.Alsa;
using Xunit;

namespace EdgeSound.Native.Tests.Alsa;

/// <summary>
/// Capture from ALSA's file plugin (<c>pcm.replay</c>, see <see cref="AlsaReplayConfiguration"/>): what the binding
/// reads must equal the raw file sample for sample.
/// </summary>
public sealed class AlsaReplayTests
{
    public AlsaReplayTests()
    {
        Assert.True(AlsaReplayConfiguration.SetupError is null, AlsaReplayConfiguration.SetupError);
    }

    [Fact]
    public void ReplayCaptureS16MonoEqualsTheFileInPeriodSizedReads()
    {
        using AlsaPcm pcm = AlsaPcm.Open("replay", PcmDirection.Capture);
        PcmConfiguration config = pcm.Configure(new PcmHardwareRequest(PcmSampleFormat.S16LE, 1, 16000, ExactRate: true, PeriodFrames: 160));
        Assert.Equal(16000, config.Rate);

        var captured = new short[AlsaReplayConfiguration.Samples16];
        var chunk = new short[160];
        int filled = 0;
        while (filled < captured.Length)
        {
            int want = Math.Min(chunk.Length, captured.Length - filled);
            int frames = pcm.Read(chunk.AsSpan(0, want));
            Assert.True(frames > 0, $"readi returned {frames}: {AlsaPcm.ErrorMessage(frames)}");
            chunk.AsSpan(0, frames).CopyTo(captured.AsSpan(filled));
            filled += frames;
        }

        byte[] expected = AlsaReplayConfiguration.RawBytes;
        for (int i = 0; i < captured.Length; i++)
        {
            short want = BinaryPrimitives.ReadInt16LittleEndian(expected.AsSpan(2 * i));
            Assert.True(want == captured[i], $"sample {i}: expected {want}, captured {captured[i]}");
        }

        Assert.Contains(captured, s => s != 0);
    }

    [Fact]
    public void ReplayCaptureS32StereoEqualsTheFile()
    {
        using AlsaPcm pcm = AlsaPcm.Open("replay", PcmDirection.Capture);
        pcm.Configure(new PcmHardwareRequest(PcmSampleFormat.S32LE, 2, 48000, ExactRate: true));

        byte[] expected = AlsaReplayConfiguration.RawBytes;
        int frames = expected.Length / 8;
        var captured = new int[frames * 2];
        Assert.Equal(frames, pcm.Read(captured));

        for (int i = 0; i < captured.Length; i++)
        {
            Assert.Equal(BinaryPrimitives.ReadInt32LittleEndian(expected.AsSpan(4 * i)), captured[i]);
        }
    }
}
