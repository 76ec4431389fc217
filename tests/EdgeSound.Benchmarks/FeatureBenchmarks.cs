using BenchmarkDotNet.Attributes;
using EdgeSound.Dsp.Features;
using EdgeSound.Learning.Data;
using NWaves.FeatureExtractors;

namespace EdgeSound.Benchmarks;

/// <summary>
/// Analysis-feature speed (NWaves extractors): one 5 s clip with and without the rhythm features, its parts that
/// cost most (the log-mel filterbank product, NWaves' dense one against <see cref="SparseLogMelExtractor"/>; the
/// rhythm features), and the whole ESC-50 16 kHz set (load + features on two workers; needs
/// ../shared/data/esc50-16k beside the repository or ES_DATA pointing at an ESC-50 folder).
/// </summary>
[MemoryDiagnoser]
public class FeatureBenchmarks
{
    private readonly AnalysisFeatureExtractor _extractor = new(AnalysisFeatureOptions.Default);
    private readonly float[] _features = new float[new AnalysisFeatureExtractor(AnalysisFeatureOptions.Default).FeatureNames.Length];
    private readonly AnalysisFeatureExtractor _withoutRhythm = new(AnalysisFeatureOptions.Default with { Rhythm = false });
    private readonly FilterbankExtractor _denseLogMel = new(ExtractorOptions.LogMel(AnalysisFeatureOptions.Default));
    private readonly SparseLogMelExtractor _sparseLogMel = new(ExtractorOptions.LogMel(AnalysisFeatureOptions.Default));
    private readonly float[] _rhythm = new float[RhythmFeatures.Names.Count];
    private float[] _clip = [];
    private Esc50Layout? _dataset;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _clip = new float[80000];
        for (int i = 0; i < _clip.Length; i++)
        {
            _clip[i] = (float)(rng.NextDouble() - 0.5);
        }

        string? dir = Environment.GetEnvironmentVariable("ES_DATA") ?? FindData();
        _dataset = dir is null ? null : Esc50Layout.Open(dir);
    }

    [Benchmark]
    public void Clip5s() => _extractor.ExtractClip(_clip, _features);

    [Benchmark]
    public void Clip5sWithoutRhythm() => _withoutRhythm.ExtractClip(_clip, _features);

    [Benchmark]
    public int LogMel5sDense() => _denseLogMel.ComputeFrom(_clip).Count;

    [Benchmark]
    public int LogMel5sSparse() => _sparseLogMel.ComputeFrom(_clip).Count;

    [Benchmark]
    public void Rhythm5s() => RhythmFeatures.Compute(_clip, AnalysisFeatureOptions.Default.SampleRate, _rhythm);

    [Benchmark]
    public int Esc50AllClips()
    {
        Esc50Layout ds = _dataset ?? throw new InvalidOperationException("ESC-50 data not found: set ES_DATA or provide ../shared/data/esc50-16k beside the repository");
        return DatasetFeatures.Extract(ds, ds.Items, AnalysisFeatureOptions.Default, null).Rows.Length;
    }

    private static string? FindData()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            string? dir = start;
            while (dir is not null && !File.Exists(Path.Combine(dir, "EdgeSound.sln")))
            {
                dir = Path.GetDirectoryName(dir);
            }

            string? path = dir is null ? null : Path.Combine(dir, "..", "shared", "data", "esc50-16k");
            if (path is not null && Directory.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
