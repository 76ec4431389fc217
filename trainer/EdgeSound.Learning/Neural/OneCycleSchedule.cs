namespace EdgeSound.Learning.Neural;

/// <summary>
/// One-cycle learning rate: linear warm-up from MaxRate / StartDivisor to MaxRate over the first WarmupFraction of
/// the steps, then cosine annealing down to MaxRate / FinalDivisor at the last step.
/// </summary>
public sealed record OneCycleSchedule(double MaxRate, long TotalSteps, double WarmupFraction = 0.05, double StartDivisor = 10, double FinalDivisor = 1000)
{
    public double RateAt(long step)
    {
        long warm = Math.Max(1, (long)(TotalSteps * WarmupFraction));
        double start = MaxRate / StartDivisor;
        double end = MaxRate / FinalDivisor;
        if (step < warm)
        {
            return start + (MaxRate - start) * step / warm;
        }

        double t = Math.Min(1.0, (double)(step - warm) / Math.Max(1, TotalSteps - warm));
        return end + (MaxRate - end) * 0.5 * (1 + Math.Cos(Math.PI * t));
    }
}
