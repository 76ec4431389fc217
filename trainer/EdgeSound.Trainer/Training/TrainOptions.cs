using System.Globalization;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// The values of one <c>train</c> invocation as given on its command line. <see cref="Command"/> is the invocation
/// itself, recorded in the metadata and card.
/// </summary>
internal sealed record TrainOptions(
    string Data, string Output, IReadOnlyList<int>? Folds, bool CrossValidate, int Epochs, int? ValidationFold,
    int Threads, int Seed, double Noise, string? SaveFloat, string? LoadFloat, string? RecipeCheck, string? Base, string? FineTune,
    IReadOnlyList<string> Teachers, double? Distill, double Temperature, int? WindowFrames, string? Blocks, string? Pooling, double BackgroundCrops, double WeightAverage, (double Min, double Max) GainDb, string Command)
{
    /// <summary>Longest classifier window <c>--window-frames</c> accepts: 1024 frames, about 16 s.</summary>
    public const int MaxWindowFrames = 1024;

    /// <summary>Widest <c>--gain</c> range accepted, dB: -60 to +30.</summary>
    public const double MinGainDb = -60, MaxGainDb = 30;

    /// <summary>The window in frames: <c>--window-frames</c>, else the default plan's.</summary>
    public int Window => WindowFrames ?? Dsp.Decision.WindowPlan.Default.WindowFrames;

    public bool FineTuneAll => FineTune == "all";

    /// <summary>Share of the target from the teachers: --distill, 0.5 when only --teacher is given, 0 without teachers.</summary>
    public double DistillationWeight => Teachers.Count == 0 ? 0 : Distill ?? 0.5;

    /// <summary>Refuses option values and combinations that need no data to judge.</summary>
    /// <exception cref="ArgumentException">the first offending option, named.</exception>
    public void Validate()
    {
        if (Epochs < 1)
        {
            throw new ArgumentException($"--epochs must be at least 1, got {Epochs}.");
        }

        if (FineTune is not null && Base is null)
        {
            throw new ArgumentException("--fine-tune only applies with --base.");
        }

        if (Base is not null && LoadFloat is not null)
        {
            throw new ArgumentException("--base and --load-float exclude each other: --load-float exports a model already trained.");
        }

        if (!(BackgroundCrops is >= 0 and <= 1))
        {
            throw new ArgumentException($"--background-crops must be a probability in [0, 1], got {BackgroundCrops}.");
        }

        if (!(WeightAverage is >= 0 and < 1))
        {
            throw new ArgumentException($"--ema must be a decay in [0, 1) (0: off), got {WeightAverage}.");
        }

        if (WeightAverage > 0 && Base is not null && !FineTuneAll)
        {
            throw new ArgumentException("--ema applies to training every layer: with --base it needs --fine-tune all.");
        }

        if (!(GainDb.Min >= MinGainDb && GainDb.Min <= GainDb.Max && GainDb.Max <= MaxGainDb))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--gain must be MIN,MAX in dB with {MinGainDb} <= MIN <= MAX <= {MaxGainDb}, got {GainDb.Min},{GainDb.Max}."));
        }

        if (!(Noise is >= 0 and <= 1))
        {
            throw new ArgumentException($"--noise must be a probability in [0, 1], got {Noise}.");
        }

        if (Window is < 1 or > MaxWindowFrames)
        {
            throw new ArgumentException($"--window-frames must be between 1 and {MaxWindowFrames}, got {Window}.");
        }

        if (Base is not null && (Blocks is not null || WindowFrames is not null || Pooling is not null))
        {
            throw new ArgumentException("--base excludes --blocks, --pooling and --window-frames: a transferred model keeps its base's architecture and window.");
        }

        if (Distill is not null && Teachers.Count == 0)
        {
            throw new ArgumentException("--distill only applies with --teacher.");
        }

        if (Teachers.Count > 0 && CrossValidate)
        {
            throw new ArgumentException("--teacher excludes --cv: a teacher that saw the held-out fold would leak it into the students; train one student per held-out fold with teachers that did not see it.");
        }
    }

    /// <summary>Parses <c>--gain</c>: two numbers in dB, <c>MIN,MAX</c> (their order is checked by <see cref="Validate"/>).</summary>
    /// <exception cref="ArgumentException">not two numbers.</exception>
    public static (double Min, double Max) ParseGain(string text)
    {
        if (Commands.NumberRange.TryParse(text, out double min, out double max))
        {
            return (min, max);
        }

        throw new ArgumentException($"--gain: '{text}' is not MIN,MAX in dB (for example -24,6).");
    }

}
