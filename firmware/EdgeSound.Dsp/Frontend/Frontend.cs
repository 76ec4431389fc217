namespace EdgeSound.Dsp.Frontend;

/// <summary>
/// The fixed-point log-mel frontend: int16 PCM in, one int8 frame of <see cref="BandCount"/> values per hop out.
/// It only chains the stages, in the order of the block diagram:
/// <code>
/// PCM int16 -> Framer (Q12) -> DcRemoval -> [PreEmphasis] -> HannWindow (Q30, block shift) -> RealFft (int32, 2X)
///           -> PowerSpectrum (uint64) -> MelFilterbank (Q12, uint128) -> [NoiseReduction] -> LogMelQuantizer (int8)
/// </code>
/// </summary>
/// <remarks>The sample filters run as samples arrive, so chunk boundaries never change the output. Everything per
/// frame is integer arithmetic on buffers allocated here; nothing is allocated or grows while streaming.
/// Not thread-safe: one instance per stream.</remarks>
public sealed class Frontend
{
    private readonly Framer framer;
    private readonly DcRemoval? dcRemoval;
    private readonly PreEmphasis? preEmphasis;
    private readonly HannWindow window;
    private readonly RealFft fft;
    private readonly PowerSpectrum powerSpectrum;
    private readonly MelFilterbank filterbank;
    private readonly NoiseReduction? noiseReduction;
    private readonly LogMelQuantizer quantizer;

    private readonly int[] windowed;
    private readonly int[] spectrumRe;
    private readonly int[] spectrumIm;
    private readonly ulong[] power;
    private readonly UInt128[] melEnergy;

    /// <summary>Builds the chain for <paramref name="config"/> (validated first).</summary>
    public Frontend(FrontendConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        Scaling = FixedPointScaling.For(config);
        framer = new Framer(config.WindowSamples, config.HopSamples, FixedPointScaling.SampleFractionBits);
        dcRemoval = config.DcRemoval ? new DcRemoval() : null;
        preEmphasis = config.PreEmphasis ? new PreEmphasis() : null;
        window = new HannWindow(config.WindowSamples);
        fft = new RealFft(config.FftSize);
        powerSpectrum = new PowerSpectrum(config.FftSize);
        filterbank = new MelFilterbank(config);
        noiseReduction = config.NoiseReduction ? new NoiseReduction(config.MelBands) : null;
        quantizer = new LogMelQuantizer(FixedPointScaling.EnergyLog2Offset);

        windowed = new int[config.FftSize];
        spectrumRe = new int[fft.Bins];
        spectrumIm = new int[fft.Bins];
        power = new ulong[fft.Bins];
        melEnergy = new UInt128[config.MelBands];
    }

    /// <summary>The configuration this frontend runs.</summary>
    public FrontendConfig Config { get; }

    /// <summary>The fixed-point scales of this chain.</summary>
    public FixedPointScaling Scaling { get; }

    /// <summary>Values per frame (mel bands).</summary>
    public int BandCount => melEnergy.Length;

    /// <summary>Computes the frames of a whole clip with a fresh frontend: <see cref="FrontendConfig.FrameCount"/> rows.</summary>
    public static FrameMatrix ComputeClip(FrontendConfig config, ReadOnlySpan<short> pcm)
    {
        var frontend = new Frontend(config);
        int frames = config.FrameCount(pcm.Length);
        var data = new sbyte[frames * frontend.BandCount];
        for (int made = 0; made < frames; made++)
        {
            if (!frontend.Process(pcm, data.AsSpan(made * frontend.BandCount, frontend.BandCount), out int consumed))
            {
                throw new InvalidOperationException($"Frontend made {made} frames from {pcm.Length} samples; FrameCount promised {frames}.");
            }

            pcm = pcm[consumed..];
        }

        return new FrameMatrix(frames, frontend.BandCount, data);
    }

    /// <summary>
    /// Consumes <paramref name="pcm"/> until one frame is complete (writes it to <paramref name="frame"/> and returns true)
    /// or the input runs out (returns false; the samples are kept for the next call). <paramref name="consumed"/> says how
    /// many samples were taken; call again with the rest.
    /// </summary>
    public bool Process(ReadOnlySpan<short> pcm, Span<sbyte> frame, out int consumed)
    {
        if (frame.Length < BandCount)
        {
            throw new ArgumentException($"Frame has room for {frame.Length} values; the frontend writes {BandCount}.", nameof(frame));
        }

        consumed = 0;
        while (!framer.IsFull && consumed < pcm.Length)
        {
            Span<int> fresh = framer.Append(pcm[consumed..]);
            dcRemoval?.Process(fresh);
            preEmphasis?.Process(fresh);
            consumed += fresh.Length;
        }

        if (!framer.IsFull)
        {
            return false;
        }

        int blockShift = Scaling.BlockShift(framer.Window);
        window.Process(framer.Window, windowed, blockShift);
        fft.Forward(windowed, spectrumRe, spectrumIm);
        powerSpectrum.Process(spectrumRe, spectrumIm, power);
        filterbank.Process(power, melEnergy, 2 * (FixedPointScaling.MaxBlockShift - blockShift));
        noiseReduction?.Process(melEnergy);
        quantizer.Process(melEnergy, frame);
        framer.Advance();
        return true;
    }

    /// <summary>Clears every stage's state: the output that follows equals that of a fresh instance.</summary>
    public void Reset()
    {
        framer.Reset();
        dcRemoval?.Reset();
        preEmphasis?.Reset();
        noiseReduction?.Reset();
    }
}
