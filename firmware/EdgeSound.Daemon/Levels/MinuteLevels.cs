namespace EdgeSound.Daemon.Levels;

/// <summary>
/// The A-weighted sound levels of one wall-clock minute, all in dBFS (mean square of the A-weighted signal, full
/// scale = 1.0, so a full-scale 1 kHz sine reads -3.01 dBFS): <see cref="LAeq"/> the equivalent continuous level,
/// <see cref="LAFmax"/> the highest fast (125 ms) time-weighted level, and <see cref="L10"/>, <see cref="L50"/>,
/// <see cref="L90"/> the levels exceeded during 10, 50 and 90 % of the minute's 100 ms LAeq intervals.
/// <see cref="Seconds"/> is how much of the minute was measured (less than 60 for the first and last minute of a run).
/// <see cref="CalibrationDb"/> is the offset in effect (<c>levels:calibration_db</c>): dB SPL = dBFS + offset.
/// </summary>
public sealed record MinuteLevels(
    DateTimeOffset Start, double Seconds, double LAeq, double LAFmax, double L10, double L50, double L90, double? CalibrationDb)
{
    /// <summary>This minute in dB SPL (every level plus the calibration offset), or null without a calibration.</summary>
    public MinuteLevels? InSpl() => CalibrationDb is { } c
        ? this with { LAeq = LAeq + c, LAFmax = LAFmax + c, L10 = L10 + c, L50 = L50 + c, L90 = L90 + c }
        : null;
}

/// <summary>One short-interval reading for live displays: the 100 ms LAeq and the fast time-weighted level at its end, dBFS.</summary>
public readonly record struct LevelReading(DateTimeOffset Time, double LAeq, double LAF);
