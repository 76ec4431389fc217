namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// Where the mel bands sit: HTK mel scale mel(f) = 2595 * log10(1 + f / 700); MelBands + 2 edge frequencies equally
/// spaced in mel from LowHz to HighHz; band b is a triangle in Hz rising from edge b to 1 at edge b + 1 and falling to 0
/// at edge b + 2. Shared by the fixed-point filterbank (which quantizes the weights) and the double reference.
/// </summary>
public static class MelBandLayout
{
    /// <summary>Mel value of <paramref name="hz"/>.</summary>
    public static double HzToMel(double hz) => 2595.0 * Math.Log10(1.0 + (hz / 700.0));

    /// <summary>Frequency of mel value <paramref name="mel"/>.</summary>
    public static double MelToHz(double mel) => 700.0 * (Math.Pow(10.0, mel / 2595.0) - 1.0);

    /// <summary>The MelBands + 2 band edges in Hz; band b has its peak at element b + 1.</summary>
    public static double[] EdgesHz(FrontendConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        double low = HzToMel(config.LowHz);
        double high = HzToMel(config.HighHz);
        var edges = new double[config.MelBands + 2];
        for (int i = 0; i < edges.Length; i++)
        {
            edges[i] = MelToHz(low + ((high - low) * i / (edges.Length - 1)));
        }

        edges[0] = config.LowHz;
        edges[^1] = config.HighHz;
        return edges;
    }

    /// <summary>Centre (peak) frequency of each band in Hz.</summary>
    public static double[] CentersHz(FrontendConfig config) => EdgesHz(config)[1..^1];

    /// <summary>Dense triangle weights [band][bin] for bins 0..FftSize/2, each in [0, 1].</summary>
    public static double[][] Weights(FrontendConfig config)
    {
        double[] edges = EdgesHz(config);
        int bins = (config.FftSize / 2) + 1;
        double binHz = (double)config.SampleRate / config.FftSize;
        var weights = new double[config.MelBands][];
        for (int b = 0; b < config.MelBands; b++)
        {
            double lo = edges[b];
            double mid = edges[b + 1];
            double hi = edges[b + 2];
            var row = new double[bins];
            for (int k = 0; k < bins; k++)
            {
                double f = k * binHz;
                if (f > lo && f < hi)
                {
                    row[k] = f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
                }
            }

            weights[b] = row;
        }

        return weights;
    }

    /// <summary>Index of the first band whose fixed-point weights are all zero, or -1 when every band sees a bin.</summary>
    internal static int FirstEmptyBand(FrontendConfig config)
    {
        double[][] weights = Weights(config);
        for (int b = 0; b < weights.Length; b++)
        {
            bool any = false;
            foreach (double w in weights[b])
            {
                any |= MelFilterbank.QuantizeWeight(w) > 0;
            }

            if (!any)
            {
                return b;
            }
        }

        return -1;
    }
}
