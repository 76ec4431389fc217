using System.CommandLine;
using System.Globalization;
using System.Text;
using EdgeSound.Dsp.Audio;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Dsp.Files;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// <c>frontend --input X.wav --out frames.csv</c>: dumps the device's fixed-point frontend frames for one WAV (any
/// rate, depth and channel count; resampled to 16 kHz). Writes a header naming the bands, then one row of int8 values
/// per frame. Header faults read anyway and an input rate whose Nyquist frequency is below the mel band are warned
/// about on stderr. Exit code 0 on success, 2 when the input cannot be read, holds non-finite float samples or too little
/// audio for one frame, or the output cannot be written (checked before the input is read: the message names the file
/// and why, e.g. that it is a directory).
/// </summary>
internal static class FrontendCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input") { Description = "WAV file (any sample rate, bit depth, channels).", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "CSV file: header of band names, one row of int8 values per frame.", Required = true };
        var command = new Command("frontend", "Dump the fixed-point log-mel frontend's int8 frames for a WAV file as CSV.")
        {
            input, output,
        };
        command.SetAction(parse =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            FileInfo wav = parse.GetRequiredValue(input);
            FileInfo csv = parse.GetRequiredValue(output);
            FrontendConfig config = FrontendConfig.Default;
            FrameMatrix frames;
            try
            {
                OutputPath.CheckFile("--out", csv.FullName);
                OutputPath.CheckDistinct("--out", csv.FullName, ("--input", wav.FullName));
            }
            catch (ArgumentException e)
            {
                error.WriteLine($"frontend failed: {ErrorLine.Message(e)}");
                return 2;
            }

            try
            {
                short[] pcm = LoadPcm16k(wav.FullName, config, error);
                if (config.FrameCount(pcm.Length) == 0)
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                        $"{wav.FullName}: no audio: {pcm.Length} sample(s) at {config.SampleRate} Hz are shorter than one {config.WindowSamples}-sample frontend frame"));
                }

                frames = Frontend.ComputeClip(config, pcm);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                error.WriteLine(Named(wav.FullName, ErrorLine.Message(e)));
                return 2;
            }

            try
            {
                AtomicFile.WriteText(csv.FullName, writer => FrameCsv.Write(writer, frames, config));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine(Named(csv.FullName, ErrorLine.Message(e)));
                return 2;
            }

            error.WriteLine($"{frames.Frames} frames x {frames.Bands} bands -> {csv.FullName}");
            return 0;
        });
        return command;
    }

    /// <summary>Reads and resamples the clip; writes the header's warnings and any band shortfall (<see cref="InputBandCheck"/>) to <paramref name="error"/>.</summary>
    private static short[] LoadPcm16k(string path, FrontendConfig config, TextWriter error)
    {
        AudioClip clip = WavReader.Read(path);
        foreach (string warning in clip.Warnings)
        {
            error.WriteLine($"warning: {path}: {warning}");
        }

        if (InputBandCheck.Shortfall(clip.SampleRate, config) is { } shortfall)
        {
            error.WriteLine($"warning: {path}: {shortfall}");
        }

        int rate = config.SampleRate;
        float[] samples = clip.SampleRate == rate ? clip.Samples : Resampler.Resample(clip.Samples, clip.SampleRate, rate);
        return Pcm.ToInt16(samples);
    }

    private static string Named(string path, string message) =>
        message.Contains(path, StringComparison.Ordinal) || message.StartsWith(Path.GetFileName(path), StringComparison.Ordinal)
            ? $"frontend failed: {message}"
            : $"frontend failed: {path}: {message}";
}

/// <summary>The CSV layout of <c>frontend</c>: header <c>mel_00_75Hz,...</c> (band index and centre frequency), then
/// one row of int8 values per frame (scale: <see cref="LogMelScale"/>).</summary>
internal static class FrameCsv
{
    public static string[] Header(FrontendConfig config)
    {
        double[] centres = MelBandLayout.CentersHz(config);
        var names = new string[centres.Length];
        for (int b = 0; b < centres.Length; b++)
        {
            names[b] = string.Create(CultureInfo.InvariantCulture, $"mel_{b:00}_{Math.Round(centres[b]):0}Hz");
        }

        return names;
    }

    public static void Write(TextWriter writer, FrameMatrix frames, FrontendConfig config)
    {
        string[] header = Header(config);
        if (header.Length != frames.Bands)
        {
            throw new ArgumentException($"Frames have {frames.Bands} bands but the configuration names {header.Length}.", nameof(frames));
        }

        writer.WriteLine(string.Join(',', header));
        var row = new StringBuilder();
        for (int f = 0; f < frames.Frames; f++)
        {
            row.Clear();
            ReadOnlySpan<sbyte> frame = frames.Frame(f);
            for (int b = 0; b < frame.Length; b++)
            {
                if (b > 0)
                {
                    row.Append(',');
                }

                row.Append(frame[b].ToString(CultureInfo.InvariantCulture));
            }

            writer.WriteLine(row);
        }
    }
}
