using EdgeSound.Dsp.Audio;
using Xunit;

namespace EdgeSound.Dsp.Tests.Audio;

public sealed class PcmTests
{
    [Fact]
    public void RoundsAndSaturates()
    {
        short[] y = Pcm.ToInt16([0f, 0.5f, -0.5f, 1f, -1f, 2f, -2f, 1.5f / 32768f, -1.5f / 32768f, float.NaN]);
        Assert.Equal([0, 16384, -16384, 32767, -32768, 32767, -32768, 2, -2, 0], y);
    }

    [Fact]
    public void SpanOverloadRejectsShortOutput()
    {
        Assert.Throws<ArgumentException>(() => Pcm.ToInt16([0f, 1f], new short[1]));
    }

    [Fact]
    public void Int16ValuesRoundTrip()
    {
        FsCheck.Check.QuickThrowOnFailure(FsCheck.Fluent.Prop.ForAll<short>(s => Pcm.ToInt16(s / 32768f) == s));
    }
}
