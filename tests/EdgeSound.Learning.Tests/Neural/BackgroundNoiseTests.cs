using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Learning.Neural;
using Xunit;

namespace EdgeSound.Learning.Tests.Neural;

public sealed class BackgroundNoiseTests
{
    private const int Frames = 64;

    [Fact]
    public void Log_add_follows_the_energy_sum_on_the_int8_scale()
    {
        // 6 steps per octave of energy: equal energies double (+6), silence adds nothing, far-apart values keep the larger.
        Assert.Equal(-14, BackgroundNoise.LogAdd(-20, -20));
        Assert.Equal(40, BackgroundNoise.LogAdd(40, LogMelScale.Floor));
        Assert.Equal(40, BackgroundNoise.LogAdd(LogMelScale.Floor, 40));
        Assert.Equal(LogMelScale.Floor + 6, BackgroundNoise.LogAdd(LogMelScale.Floor, LogMelScale.Floor));
        Assert.Equal(100, BackgroundNoise.LogAdd(100, 0));
        Assert.Equal(LogMelScale.Ceiling, BackgroundNoise.LogAdd(LogMelScale.Ceiling, LogMelScale.Ceiling));
        for (int a = -128; a <= 127; a += 5)
        {
            for (int b = -128; b <= 127; b += 7)
            {
                sbyte sum = BackgroundNoise.LogAdd((sbyte)a, (sbyte)b);
                Assert.Equal(sum, BackgroundNoise.LogAdd((sbyte)b, (sbyte)a));
                Assert.InRange(sum, Math.Max(a, b), Math.Min(127, Math.Max(a, b) + 6));
                double exact = 6 * Math.Log2(Math.Pow(2, a / 6.0) + Math.Pow(2, b / 6.0));
                Assert.InRange(sum, Math.Min(127, Math.Round(exact) - 1), Math.Min(127, Math.Round(exact) + 1));
            }
        }
    }

    [Fact]
    public void Mix_fills_digital_silence_with_noise_below_the_peak_and_leaves_loud_cells_nearly_alone()
    {
        BackgroundNoise noise = BackgroundNoise.Generate(FrontendConfig.Default, 3, seed: 5);
        int bands = noise.Bands;
        var window = new sbyte[Frames * bands];
        Array.Fill(window, LogMelScale.Floor);
        for (int f = 0; f < Frames / 2; f++)
        {
            window.AsSpan(f * bands, bands).Fill(90);
        }

        var mixed = (sbyte[])window.Clone();
        noise.Mix(mixed, Frames, new Random(1), minSnrDb: 20, maxSnrDb: 20);

        int steps = LogMelScale.StepsForGainDb(20);
        for (int f = Frames / 2; f < Frames; f++)
        {
            ReadOnlySpan<sbyte> frame = mixed.AsSpan(f * bands, bands);
            Assert.False(ClipDecision.IsSilentFrame(frame), $"frame {f} is still digital silence");
            foreach (sbyte v in frame)
            {
                Assert.True(v <= 90 - steps, $"noise cell {v} is less than 20 dB below the peak 90");
            }
        }

        for (int i = 0; i < Frames / 2 * bands; i++)
        {
            Assert.InRange(mixed[i], 90, 91);
        }
    }

    [Fact]
    public void Mix_leaves_a_silent_window_silent_and_checks_its_size()
    {
        BackgroundNoise noise = BackgroundNoise.Generate(FrontendConfig.Default, 2, seed: 5);
        var window = new sbyte[Frames * noise.Bands];
        Array.Fill(window, LogMelScale.Floor);
        noise.Mix(window, Frames, new Random(1), 5, 35);
        Assert.All(window, v => Assert.Equal(LogMelScale.Floor, v));
        Assert.Throws<ArgumentException>(() => noise.Mix(new sbyte[10], Frames, new Random(1), 5, 35));
    }

    [Fact]
    public void Fill_replaces_the_window_by_noise_moved_by_the_gain_and_keeps_silent_cells_silent()
    {
        var data = new sbyte[4 * 3];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = i == 5 ? LogMelScale.Floor : (sbyte)(i * 3);
        }

        var noise = new BackgroundNoise([new FrameMatrix(4, 3, data)]);
        var window = new sbyte[4 * 3];
        window.AsSpan().Fill(99);
        noise.Fill(window, 4, new Random(1), 6, 6);
        int steps = LogMelScale.StepsForGainDb(6);
        Assert.True(steps > 0);
        for (int i = 0; i < window.Length; i++)
        {
            Assert.Equal(i == 5 ? LogMelScale.Floor : (sbyte)(i * 3 + steps), window[i]);
        }

        Assert.Throws<ArgumentException>(() => noise.Fill(new sbyte[5], 4, new Random(1), 0, 0));
    }

    [Fact]
    public void Trainer_refuses_a_noise_recipe_without_matching_noise()
    {
        var architecture = new CnnArchitecture { Frames = 16, Bands = 16, Classes = 2 };
        var plan = new WindowPlan(16, 8, 0.5);
        var recipe = new TrainingRecipe { NoiseProbability = 0.5 };
        var error = Assert.Throws<ArgumentException>(() => new CnnTrainer(architecture, recipe, plan, new Workers(1)));
        Assert.Contains("NoiseProbability", error.Message, StringComparison.Ordinal);
    }
}
