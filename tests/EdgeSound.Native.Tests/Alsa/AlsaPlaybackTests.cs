using System.Buffers.Binary;
using EdgeSound.Native.Alsa;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Native.Tests.Alsa;

/// <summary>
/// <see cref="AlsaPlayback"/> against the real libasound: the <c>null</c> device takes any rate, and ALSA's file
/// plugin (<see cref="AlsaReplayLease.RecordDevice"/>) writes what was played, which must equal the samples given.
/// </summary>
public sealed class AlsaPlaybackTests
{
    public AlsaPlaybackTests()
    {
        Assert.True(AlsaReplay.SetupError is null, AlsaReplay.SetupError);
    }

    [Fact]
    public void NullDevicePlaysMonoS16AndCanPlayAgainAfterDraining()
    {
        using var playback = AlsaPlayback.Open("null", 22050);
        Assert.Equal(PcmSampleFormat.S16LE, playback.Configuration.Format);
        Assert.Equal(1, playback.Configuration.Channels);
        Assert.Equal(22050, playback.Configuration.Rate);
        Assert.InRange(playback.Configuration.PeriodFrames, 1, 22050);

        var tone = Tone(5000, 22050);
        playback.Play(tone);
        playback.Play(tone);
        Assert.Equal(0, playback.Underruns);
    }

    [Fact]
    public void FilePluginDeviceWritesExactlyTheSamplesPlayed()
    {
        using var lease = AlsaReplay.Lease([]);
        var tone = Tone(12345, 16000);
        using (var playback = AlsaPlayback.Open(lease.RecordDevice, 16000, periodMs: 16))
        {
            playback.Play(tone);
            playback.Play(tone.AsSpan(0, 1000));
        }

        byte[] written = File.ReadAllBytes(lease.RecordPath);
        Assert.Equal(2 * (tone.Length + 1000), written.Length);
        for (int i = 0; i < written.Length / 2; i++)
        {
            short expected = i < tone.Length ? tone[i] : tone[i - tone.Length];
            short actual = BinaryPrimitives.ReadInt16LittleEndian(written.AsSpan(2 * i));
            Assert.True(expected == actual, $"sample {i}: played {expected}, device wrote {actual}");
        }
    }

    [Fact]
    public void CancellationStopsPlaybackAndThrows()
    {
        using var playback = AlsaPlayback.Open("null", 16000);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => playback.Play(Tone(16000, 16000), cancel.Token));
        playback.Play(Tone(100, 16000));
    }

    [Fact]
    public void UnknownDeviceNamesItself()
    {
        var e = Assert.Throws<AlsaException>(() => AlsaPlayback.Open("no_such_cue_speaker", 16000));
        Assert.Contains("no_such_cue_speaker", e.Message, StringComparison.Ordinal);
        Assert.Contains("open playback", e.Message, StringComparison.Ordinal);
    }

    private static short[] Tone(int length, int rate)
    {
        var samples = new short[length];
        for (int i = 0; i < length; i++)
        {
            samples[i] = (short)(12000 * Math.Sin(2 * Math.PI * 440 * i / rate));
        }

        return samples;
    }
}
