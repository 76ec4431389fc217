using System.Buffers.Binary;
using EdgeSound.Native.Alsa;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Native.Tests.Alsa;

/// <summary>
/// Capture from ALSA's file plugin (<see cref="AlsaReplay"/>): what the binding reads must equal the raw file
/// sample for sample.
/// </summary>
public sealed class AlsaReplayTests
{
    private const int Samples16 = 4000;
    private static readonly byte[] RawBytes = MakeSamples();

    public AlsaReplayTests()
    {
        Assert.True(AlsaReplay.SetupError is null, AlsaReplay.SetupError);
    }

    [Fact]
    public void ReplayCaptureS16MonoEqualsTheFileInPeriodSizedReads()
    {
        using AlsaReplayLease replay = AlsaReplay.Lease(RawBytes);
        using AlsaPcm pcm = AlsaPcm.Open(replay.Device, PcmDirection.Capture);
        PcmConfiguration config = pcm.Configure(new PcmHardwareRequest(PcmSampleFormat.S16LE, 1, 16000, ExactRate: true, PeriodFrames: 160));
        Assert.Equal(16000, config.Rate);

        var captured = new short[Samples16];
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

        byte[] expected = RawBytes;
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
        using AlsaReplayLease replay = AlsaReplay.Lease(RawBytes);
        using AlsaPcm pcm = AlsaPcm.Open(replay.Device, PcmDirection.Capture);
        pcm.Configure(new PcmHardwareRequest(PcmSampleFormat.S32LE, 2, 48000, ExactRate: true));

        byte[] expected = RawBytes;
        int frames = expected.Length / 8;
        var captured = new int[frames * 2];
        Assert.Equal(frames, pcm.Read(captured));

        for (int i = 0; i < captured.Length; i++)
        {
            Assert.Equal(BinaryPrimitives.ReadInt32LittleEndian(expected.AsSpan(4 * i)), captured[i]);
        }
    }

    [Fact]
    public void EachLeaseReplaysItsOwnBytes()
    {
        byte[] other = new byte[64];
        for (int i = 0; i < other.Length; i++)
        {
            other[i] = (byte)(255 - (i * 7));
        }

        using AlsaReplayLease first = AlsaReplay.Lease(RawBytes);
        using AlsaReplayLease second = AlsaReplay.Lease(other);
        Assert.NotEqual(first.Device, second.Device);
        using AlsaPcm pcm = AlsaPcm.Open(second.Device, PcmDirection.Capture);
        pcm.Configure(new PcmHardwareRequest(PcmSampleFormat.S16LE, 2, 8000, ExactRate: true));
        var captured = new short[other.Length / 2];
        Assert.Equal(captured.Length / 2, pcm.Read(captured));

        for (int i = 0; i < captured.Length; i++)
        {
            Assert.Equal(BinaryPrimitives.ReadInt16LittleEndian(other.AsSpan(2 * i)), captured[i]);
        }
    }

    /// <summary>A deterministic pattern that exercises every byte value and both signs: a ramp mixed with an LCG.</summary>
    private static byte[] MakeSamples()
    {
        var bytes = new byte[Samples16 * sizeof(short)];
        uint state = 12345;
        for (int i = 0; i < Samples16; i++)
        {
            state = (state * 1664525) + 1013904223;
            short value = (short)((i * 131) ^ (int)(state >> 16));
            bytes[2 * i] = (byte)value;
            bytes[(2 * i) + 1] = (byte)(value >> 8);
        }

        return bytes;
    }
}
