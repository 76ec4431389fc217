using System.Globalization;
using EdgeSound.Trainer.Analysis;
using Xunit;

namespace EdgeSound.Trainer.Tests.Analysis;

public sealed class PreFilterArgumentsTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("es-prefilter-").FullName;

    public void Dispose() => Directory.Delete(_out, recursive: true);

    /// <summary>Rows of a features CSV by class target: each row's values under the header's names.</summary>
    private static List<(int Target, Dictionary<string, double> Values)> ReadCsv(string path)
    {
        string[] lines = File.ReadAllLines(path);
        string[] header = lines[0].Split(',');
        return lines.Skip(1).Select(line =>
        {
            string[] cells = line.Split(',');
            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            for (int j = 3; j < cells.Length; j++) values[header[j]] = double.Parse(cells[j], CultureInfo.InvariantCulture);
            return (int.Parse(cells[2], CultureInfo.InvariantCulture), values);
        }).ToList();
    }

    [Fact]
    public void Lowpass_on_features_cuts_the_high_tone_and_keeps_the_low_one()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string plainCsv = Path.Combine(_out, "plain.csv"), filteredCsv = Path.Combine(_out, "lowpass.csv");
        var (code, error) = AnalyzePipelineTests.Run("features", "--data", data.Root, "--out", plainCsv, "--folds", "1");
        Assert.True(code == 0, error);
        (code, error) = AnalyzePipelineTests.Run("features", "--data", data.Root, "--out", filteredCsv, "--folds", "1", "--lowpass", "1000");
        Assert.True(code == 0, error);
        Assert.Contains("pre-filter: low-pass 1000 Hz", error, StringComparison.Ordinal);

        var plain = ReadCsv(plainCsv);
        var filtered = ReadCsv(filteredCsv);
        Assert.Equal(plain.Select(r => r.Target), filtered.Select(r => r.Target));
        for (int i = 0; i < plain.Count; i++)
        {
            double dropDb = 20 * Math.Log10(filtered[i].Values["rms_mean"] / plain[i].Values["rms_mean"]);
            // 3 kHz (+-2.5% detune) through a 1 kHz Butterworth biquad low-pass: about -21 dB; 300 Hz: -0.0 dB.
            if (SyntheticEsc50.Classes[plain[i].Target] == "high_tone") Assert.InRange(dropDb, -23, -19);
            if (SyntheticEsc50.Classes[plain[i].Target] == "low_tone") Assert.InRange(dropDb, -0.2, 0.01);
        }
    }

    [Fact]
    public void Analyze_records_the_prefilter_in_analysis_json_and_the_report()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        var (code, error) = AnalyzePipelineTests.Run("analyze", "--data", data.Root, "--out", _out, "--highpass", "100", "--lowpass", "4000");
        Assert.True(code == 0, error);

        var doc = AnalysisDocument.Parse(File.ReadAllText(Path.Combine(_out, "analysis.json")));
        Assert.Equal(new PreFilterSummary(100, 4000, 1 / Math.Sqrt(2)), doc.PreFilter);
        Assert.Contains("\"pre_filter\": {", File.ReadAllText(Path.Combine(_out, "analysis.json")), StringComparison.Ordinal);
        Assert.Contains("high-pass 100 Hz, low-pass 4000 Hz (biquads, Butterworth Q 0.707, 12 dB/octave)", File.ReadAllText(Path.Combine(_out, "report.html")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--highpass", "0", "--highpass: '0'")]
    [InlineData("--highpass", "8000", "--highpass: '8000'")]
    [InlineData("--lowpass", "-5", "--lowpass: '-5'")]
    [InlineData("--lowpass", "4k", "--lowpass: '4k'")]
    [InlineData("--lowpass", "NaN", "--lowpass: 'NaN'")]
    public void Bad_cutoff_is_refused_in_one_line_with_exit_2(string option, string value, string expected)
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        string csv = Path.Combine(_out, "f.csv");
        foreach (string verb in new[] { "features", "analyze" })
        {
            var (code, error) = AnalyzePipelineTests.Run(verb, "--data", data.Root, "--out", verb == "features" ? csv : _out, option, value);
            Assert.Equal(2, code);
            Assert.Contains(expected, error, StringComparison.Ordinal);
            Assert.Contains("Nyquist frequency, 8000 Hz", error, StringComparison.Ordinal);
            Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        Assert.False(File.Exists(csv));
        Assert.False(File.Exists(Path.Combine(_out, "analysis.json")));
    }

    [Fact]
    public void Highpass_at_or_above_lowpass_is_refused()
    {
        using var data = new SyntheticEsc50(withCorruptFile: false);
        var (code, error) = AnalyzePipelineTests.Run("features", "--data", data.Root, "--out", Path.Combine(_out, "f.csv"), "--highpass", "3000", "--lowpass", "1000");
        Assert.Equal(2, code);
        Assert.Equal("features failed: --highpass 3000 Hz must be below --lowpass 1000 Hz (the band between them is kept).", error.Trim());
    }
}
