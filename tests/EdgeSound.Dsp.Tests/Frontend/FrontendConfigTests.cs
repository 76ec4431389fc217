using Xunit;
using EdgeSound.Dsp.Frontend;

namespace EdgeSound.Dsp.Tests.FrontendTests;

public sealed class FrontendConfigTests
{
    [Fact]
    public void DefaultsAreTheContract()
    {
        FrontendConfig c = FrontendConfig.Default;
        Assert.Equal(16000, c.SampleRate);
        Assert.Equal(512, c.WindowSamples);
        Assert.Equal(256, c.HopSamples);
        Assert.Equal(512, c.FftSize);
        Assert.Equal(64, c.MelBands);
        Assert.Equal(60, c.LowHz);
        Assert.Equal(7800, c.HighHz);
        Assert.True(c.DcRemoval);
        Assert.False(c.PreEmphasis);
        Assert.False(c.NoiseReduction);
        Assert.Equal(311, c.FrameCount(80000));                     // a 5 s ESC-50 clip
        Assert.Equal(0, c.FrameCount(511));
        Assert.Equal(1, c.FrameCount(512));
        Assert.Equal(64, new Frontend.Frontend(c).BandCount);
    }

    [Theory]
    [InlineData("SampleRate", "500")]
    [InlineData("FftSize", "500")]
    [InlineData("WindowSamples", "1024")]
    [InlineData("HopSamples", "0")]
    [InlineData("HopSamples", "513")]
    [InlineData("MelBands", "0")]
    [InlineData("MelBands", "200")]
    [InlineData("LowHz", "-1")]
    [InlineData("HighHz", "9000")]
    [InlineData("HighHz", "50")]
    public void ValidateNamesTheBadPropertyAndValue(string property, string value)
    {
        FrontendConfig bad = property switch
        {
            "SampleRate" => FrontendConfig.Default with { SampleRate = int.Parse(value) },
            "FftSize" => FrontendConfig.Default with { FftSize = int.Parse(value) },
            "WindowSamples" => FrontendConfig.Default with { WindowSamples = int.Parse(value) },
            "HopSamples" => FrontendConfig.Default with { HopSamples = int.Parse(value) },
            "MelBands" => FrontendConfig.Default with { MelBands = int.Parse(value) },
            "LowHz" => FrontendConfig.Default with { LowHz = double.Parse(value) },
            _ => FrontendConfig.Default with { HighHz = double.Parse(value) },
        };
        ArgumentException e = Assert.ThrowsAny<ArgumentException>(bad.Validate);
        Assert.Equal(property, e.ParamName);
        Assert.Contains($"FrontendConfig.{property} = {value} ", e.Message);
        Assert.ThrowsAny<ArgumentException>(() => new Frontend.Frontend(bad));
    }

    [Fact]
    public void MetadataRoundTrips()
    {
        var config = new FrontendConfig
        {
            SampleRate = 22050, WindowSamples = 400, HopSamples = 160, FftSize = 1024, MelBands = 40,
            LowHz = 62.5, HighHz = 10000.25, DcRemoval = false, PreEmphasis = true, NoiseReduction = true,
        };
        IReadOnlyDictionary<string, string> metadata = config.ToMetadata();
        Assert.All(metadata.Keys, k => Assert.StartsWith("frontend.", k));
        Assert.Equal("22050", metadata["frontend.sample_rate"]);
        Assert.Equal("62.5", metadata["frontend.low_hz"]);
        Assert.Equal("true", metadata["frontend.noise_reduction"]);
        Assert.Equal(config, FrontendConfig.FromMetadata(metadata));
        Assert.Equal(FrontendConfig.Default, FrontendConfig.FromMetadata(FrontendConfig.Default.ToMetadata()));

        var withOthers = new Dictionary<string, string>(metadata) { ["edgesound.labels"] = "[]" };
        Assert.Equal(config, FrontendConfig.FromMetadata(withOthers));
    }

    [Fact]
    public void FromMetadataNamesTheBadKey()
    {
        var missing = new Dictionary<string, string>(FrontendConfig.Default.ToMetadata());
        missing.Remove("frontend.hop_samples");
        Assert.Contains("'frontend.hop_samples' is missing", Assert.Throws<FormatException>(() => FrontendConfig.FromMetadata(missing)).Message);

        var garbled = new Dictionary<string, string>(FrontendConfig.Default.ToMetadata()) { ["frontend.mel_bands"] = "sixty" };
        Assert.Contains("'frontend.mel_bands' = 'sixty'", Assert.Throws<FormatException>(() => FrontendConfig.FromMetadata(garbled)).Message);

        var flag = new Dictionary<string, string>(FrontendConfig.Default.ToMetadata()) { ["frontend.dc_removal"] = "yes" };
        Assert.Contains("'frontend.dc_removal' = 'yes'", Assert.Throws<FormatException>(() => FrontendConfig.FromMetadata(flag)).Message);

        var scale = new Dictionary<string, string>(FrontendConfig.Default.ToMetadata()) { ["frontend.int8_scale"] = "value=round(2*dB)" };
        Assert.Contains("frontend.int8_scale", Assert.Throws<FormatException>(() => FrontendConfig.FromMetadata(scale)).Message);

        var invalid = new Dictionary<string, string>(FrontendConfig.Default.ToMetadata()) { ["frontend.hop_samples"] = "0" };
        Assert.Equal("HopSamples", Assert.ThrowsAny<ArgumentException>(() => FrontendConfig.FromMetadata(invalid)).ParamName);
    }

    [Fact]
    public void LogMelScaleIsSixStepsPerOctave()
    {
        Assert.Equal(-128, LogMelScale.Floor);
        Assert.Equal(0.50172, LogMelScale.DbPerStep, 5);
        Assert.Equal(0, LogMelScale.StepsForGainDb(0));
        Assert.Equal(6, LogMelScale.StepsForGainDb(3.0103));         // doubling the power
        Assert.Equal(-12, LogMelScale.StepsForGainDb(-6.0206));
        Assert.Equal(20, LogMelScale.StepsForGainDb(10));             // 10 / 0.5017 = 19.93
        Assert.Equal(32, LogMelScale.Quantize(LogMelScale.Steps(1 << 30)));
        Assert.Equal(LogMelScale.Floor, LogMelScale.Quantize(LogMelScale.Steps(0)));
        Assert.Equal((30 * 6) - 148, LogMelScale.ToDb(32) / LogMelScale.DbPerStep - 148, 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => LogMelScale.StepsForGainDb(double.NaN));
    }

    [Fact]
    public void FrameMatrixIsRowMajor()
    {
        var m = new FrameMatrix(2, 3, [1, 2, 3, 4, 5, 6]);
        Assert.Equal([4, 5, 6], m.Frame(1).ToArray());
        Assert.Equal(6, m[1, 2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Frame(2));
        Assert.Throws<ArgumentException>(() => new FrameMatrix(2, 2, [1, 2, 3]));
    }
}
