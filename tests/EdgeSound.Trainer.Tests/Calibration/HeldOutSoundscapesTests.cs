using EdgeSound.Learning.Data;
using EdgeSound.Learning.Soundscapes;
using Xunit;

namespace EdgeSound.Trainer.Tests.Calibration;

public sealed class HeldOutSoundscapesTests
{
    [Fact]
    public void Specs_parse_and_bad_ones_are_named()
    {
        Assert.Equal(new SoundscapeSpec("pink", -42, 101, 1), HeldOutSoundscapes.Parse("pink@-42#101/1"));
        Assert.Equal(new SoundscapeSpec("ambience", -40.5, 7, 0), HeldOutSoundscapes.Parse("ambience@-40.5#7"));
        foreach (var bad in new[] { "pink", "grey@-40#1", "pink@x#1", "pink@-40#1/3", "@-40#1" })
        {
            Assert.Contains($"'{bad}'", Assert.Throws<ArgumentException>(() => HeldOutSoundscapes.Parse(bad)).Message);
        }
    }

    [Fact]
    public void Halves_split_each_class_by_source_recording()
    {
        List<Esc50Clip> pool =
        [
            new("4-100-A-0.wav", 4, 0, "dog", true), new("4-100-B-0.wav", 4, 0, "dog", true),
            new("4-200-A-0.wav", 4, 0, "dog", true), new("4-300-A-0.wav", 4, 0, "dog", true),
            new("4-150-A-1.wav", 4, 1, "rooster", true), new("4-160-A-1.wav", 4, 1, "rooster", true),
        ];
        var first = pool.Where(c => HeldOutSoundscapes.InHalf(c, pool, 1)).Select(c => c.FileName).ToList();
        var second = pool.Where(c => HeldOutSoundscapes.InHalf(c, pool, 2)).Select(c => c.FileName).ToList();
        Assert.Equal(["4-100-A-0.wav", "4-100-B-0.wav", "4-300-A-0.wav", "4-150-A-1.wav"], first);
        Assert.Equal(["4-200-A-0.wav", "4-160-A-1.wav"], second);
        Assert.All(pool, c => Assert.True(HeldOutSoundscapes.InHalf(c, pool, 0)));
    }
}
