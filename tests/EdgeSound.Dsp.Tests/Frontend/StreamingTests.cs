using Xunit;
using EdgeSound.Dsp.Frontend;
using FsCheck;
using FsCheck.Fluent;

namespace EdgeSound.Dsp.Tests.FrontendTests;

/// <summary>Chunking, reset and threads never change the frames.</summary>
public sealed class StreamingTests
{
    private static readonly short[] Clip = Mixed(12000, seed: 11);

    [Fact]
    public void OneSamplePiecesGiveTheSameFramesAsOnePiece()
    {
        FrameMatrix whole = Frontend.Frontend.ComputeClip(FrontendConfig.Default, Clip);
        Assert.Equal(FrontendConfig.Default.FrameCount(Clip.Length), whole.Frames);
        Assert.Equal(whole.Data.ToArray(), Stream(FrontendConfig.Default, Clip, _ => 1));
    }

    [Fact]
    public void RandomChunkSizesGiveTheSameFramesAsOnePiece()
    {
        FrontendConfig[] configs =
        [
            FrontendConfig.Default,
            FrontendConfig.Default with { PreEmphasis = true, NoiseReduction = true },
            FrontendConfig.Default with { WindowSamples = 400, HopSamples = 160, MelBands = 40 },
        ];
        Gen<(int Config, int Seed, int[] Chunks)> cases =
            from config in Gen.Choose(0, configs.Length - 1)
            from seed in Gen.Choose(0, 1000)
            from chunks in Gen.ArrayOf(Gen.Choose(1, 1500))
            select (config, seed, chunks);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            FrontendConfig config = configs[c.Config];
            short[] pcm = Mixed(3000 + (c.Seed * 7), c.Seed);
            sbyte[] whole = Frontend.Frontend.ComputeClip(config, pcm).Data.ToArray();
            int next = 0;
            int[] sizes = c.Chunks.Length == 0 ? [1] : c.Chunks;
            return whole.AsSpan().SequenceEqual(Stream(config, pcm, _ => sizes[next++ % sizes.Length]));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ProcessReportsConsumedSamplesAndKeepsTheRest()
    {
        var frontend = new Frontend.Frontend(FrontendConfig.Default);
        var frame = new sbyte[frontend.BandCount];
        Assert.False(frontend.Process(Clip.AsSpan(0, 500), frame, out int consumed));
        Assert.Equal(500, consumed);
        Assert.True(frontend.Process(Clip.AsSpan(500, 300), frame, out consumed));
        Assert.Equal(12, consumed);                                  // 512 samples make the first frame
        Assert.False(frontend.Process(Clip.AsSpan(512, 255), frame, out consumed));
        Assert.True(frontend.Process(Clip.AsSpan(767, 10), frame, out consumed));
        Assert.Equal(1, consumed);                                   // hop 256 later
        Assert.False(frontend.Process(ReadOnlySpan<short>.Empty, frame, out consumed));
        Assert.Equal(0, consumed);
        Assert.Throws<ArgumentException>(() => frontend.Process(Clip, new sbyte[10], out _));
    }

    [Fact]
    public void ResetGivesTheOutputOfAFreshInstance()
    {
        foreach (FrontendConfig config in new[] { FrontendConfig.Default, FrontendConfig.Default with { PreEmphasis = true, NoiseReduction = true } })
        {
            var used = new Frontend.Frontend(config);
            var frame = new sbyte[used.BandCount];
            short[] other = Mixed(5000, seed: 99);
            used.Process(other, frame, out _);
            used.Process(other.AsSpan(600), frame, out _);
            used.Process(other.AsSpan(700, 100), frame, out _);       // leaves a partial window and filter state
            used.Reset();
            Assert.Equal(Frontend.Frontend.ComputeClip(config, Clip).Data.ToArray(), Stream(used, Clip, _ => 333));
        }
    }

    [Fact]
    public async Task SameBytesAcrossRunsAndThreads()
    {
        short[] pcm = Mixed(40000, seed: 5);
        sbyte[] first = Frontend.Frontend.ComputeClip(FrontendConfig.Default, pcm).Data.ToArray();
        Assert.Equal(first, Frontend.Frontend.ComputeClip(FrontendConfig.Default, pcm).Data.ToArray());
        Task<sbyte[]>[] tasks = new Task<sbyte[]>[8];
        for (int t = 0; t < tasks.Length; t++)
        {
            int chunk = 1 + (t * 97);
            tasks[t] = Task.Run(() => Stream(FrontendConfig.Default, pcm, _ => chunk));
        }

        sbyte[][] results = await Task.WhenAll(tasks);
        Assert.All(results, r => Assert.Equal(first, r));
    }

    private static sbyte[] Stream(FrontendConfig config, short[] pcm, Func<int, int> chunkSize) =>
        Stream(new Frontend.Frontend(config), pcm, chunkSize);

    private static sbyte[] Stream(Frontend.Frontend frontend, short[] pcm, Func<int, int> chunkSize)
    {
        var frames = new List<sbyte>();
        var frame = new sbyte[frontend.BandCount];
        int position = 0;
        int call = 0;
        while (position < pcm.Length)
        {
            int size = Math.Min(chunkSize(call++), pcm.Length - position);
            ReadOnlySpan<short> piece = pcm.AsSpan(position, size);
            while (true)
            {
                bool done = frontend.Process(piece, frame, out int consumed);
                piece = piece[consumed..];
                position += consumed;
                if (!done)
                {
                    break;
                }

                frames.AddRange(frame);
            }
        }

        return frames.ToArray();
    }

    /// <summary>A tone, noise, a DC offset and a silent gap: exercises every stage.</summary>
    private static short[] Mixed(int samples, int seed)
    {
        short[] tone = TestSignals.Tone(700 + seed, 6000, samples);
        short[] noise = TestSignals.WhiteNoise(samples, 3000, seed);
        var x = new short[samples];
        for (int i = 0; i < samples; i++)
        {
            bool gap = i % 5000 > 4000;
            x[i] = gap ? (short)0 : (short)Math.Clamp(tone[i] + noise[i] + 1500, short.MinValue, short.MaxValue);
        }

        return x;
    }
}
