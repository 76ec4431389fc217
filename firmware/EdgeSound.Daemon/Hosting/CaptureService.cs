using EdgeSound.Dsp.Audio;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Hosting;

/// <summary>Runs the audio source into the audio channel; completes the channel when the input ends.</summary>
public sealed class CaptureService(DaemonRuntime runtime, RunOutcome outcome, IHostApplicationLifetime lifetime, ILogger<CaptureService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var source = runtime.Source;
        log.LogInformation("Listening to {Source} ({Mode})", source.Name,
            source.IsLive ? "live: chunks are dropped and counted if the pipeline falls behind" : "never drops: waits for the pipeline");
        try
        {
            // WaitAsync: a read blocked in the kernel (stdin pipe, stalled device) must not hold up the stop.
            await source.RunAsync(runtime.Audio.Writer, runtime.Counters, stoppingToken).WaitAsync(stoppingToken).ConfigureAwait(false);
            if (!stoppingToken.IsCancellationRequested)
            {
                log.LogInformation("End of input {Source} after {Seconds:0.0} s of audio", source.Name, runtime.Counters.Samples / 16000.0);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // An input fault is one line naming it; anything else is a bug and keeps its stack trace.
            var inputFault = e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException;
            log.LogError(inputFault ? null : e, "Audio source {Source} failed: {Reason}", source.Name, e.Message);

            // A file whose content is not audio (a NaN or absurd float sample mid-file) is bad input, exit 2 like a
            // header refused before the start; a device or stream that fails is a runtime failure, exit 1.
            outcome.FailInput(e is WavFormatException ? 2 : 1, $"audio source {source.Name} failed: {e.Message}");
            lifetime.StopApplication();
        }
        finally
        {
            runtime.Audio.Writer.TryComplete();
        }
    }
}
