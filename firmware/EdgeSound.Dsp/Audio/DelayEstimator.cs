using NWaves.Operations;
using NWaves.Signals;

namespace EdgeSound.Dsp.Audio;

/// <summary>Where a known signal was found in a recording.</summary>
/// <param name="Lag">samples from the start of the recording to the reference's first sample.</param>
/// <param name="Correlation">normalized cross-correlation at that lag, -1..1 (1: the recording holds an exact scaled copy).</param>
public readonly record struct DelayEstimate(int Lag, double Correlation);

/// <summary>
/// Finds a known signal (the reference, e.g. a cue that was played) in a recording by cross-correlation (a matched
/// filter): the lag k maximizing the normalized correlation
/// ρ(k) = Σₙ x[k+n]·r[n] / √(Σₙ r[n]² · Σₙ x[k+n]²), so a loud stretch of unrelated sound does not win over a quiet
/// copy of the reference. The correlation sums come from one FFT cross-correlation (NWaves
/// <see cref="Operation.CrossCorrelate(DiscreteSignal, DiscreteSignal)"/>, whose output index k + N_r − 1 holds lag k),
/// the window energies from a prefix sum of squares; windows 60 dB below the
/// recording's average are skipped (the FFT's rounding noise would dominate them).
/// </summary>
public static class DelayEstimator
{
    /// <summary>
    /// The best lag of <paramref name="reference"/> inside <paramref name="recording"/> among lags where it fits whole
    /// (0..N_x − N_r), or a correlation of 0 at lag 0 when the recording is silent.
    /// </summary>
    /// <exception cref="ArgumentException">the reference is empty, silent or longer than the recording.</exception>
    public static DelayEstimate Find(float[] recording, float[] reference)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(reference);
        int n = reference.Length;
        if (n == 0 || n > recording.Length)
        {
            throw new ArgumentException($"the reference ({n} samples) must be non-empty and no longer than the recording ({recording.Length} samples)", nameof(reference));
        }

        double referenceEnergy = 0;
        foreach (float v in reference)
        {
            referenceEnergy += v * (double)v;
        }

        if (referenceEnergy <= 0)
        {
            throw new ArgumentException("the reference is silent", nameof(reference));
        }

        float[] sums = Operation.CrossCorrelate(new DiscreteSignal(1, recording), new DiscreteSignal(1, reference)).Samples;
        var energy = new double[recording.Length + 1];
        for (int i = 0; i < recording.Length; i++)
        {
            energy[i + 1] = energy[i] + (recording[i] * (double)recording[i]);
        }

        // Windows 60 dB below the recording's average window hold too little for the FFT sums' rounding noise.
        double floor = 1e-6 * energy[^1] * n / recording.Length;
        var best = new DelayEstimate(0, 0);
        for (int lag = 0; lag + n <= recording.Length; lag++)
        {
            double windowEnergy = energy[lag + n] - energy[lag];
            if (windowEnergy > floor)
            {
                double rho = sums[lag + n - 1] / Math.Sqrt(referenceEnergy * windowEnergy);
                if (rho > best.Correlation)
                {
                    best = new DelayEstimate(lag, rho);
                }
            }
        }

        return best;
    }
}
