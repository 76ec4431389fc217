using System.Diagnostics;
using EdgeSound.Daemon.Clips;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Levels;
using EdgeSound.Daemon.Web;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// Feeds audio chunks through the <see cref="DetectionPipeline"/> and the <see cref="SoundLevelMeter"/>, passes
/// events on to the alert stage, minutes of levels and occupancy (<see cref="OccupancyMeter"/>, fed by the
/// detector's smoothed scores) to the history, 100 ms readings to the live <see cref="LevelFeed"/>, and the frontend's
/// frames to the dashboard's <see cref="LiveStream"/>. With event clips on, the same chunks and window scores feed a
/// <see cref="ClipRecorder"/>, which puts the clip id into each event that keeps a clip before the event goes on. With
/// live input, windows that overlap the device's own cues (<see cref="PlaybackGate"/>) are not classified. The closing
/// line says "finished" when the input ended by itself and "stopped" when the daemon was asked to stop: the capture
/// service stops first and completes the channel, so only the host's stopping signal tells the two apart.
/// </summary>
public sealed class PipelineService(
    DaemonRuntime runtime, PlaybackGate gate, HistoryQueue history, LevelFeed feed, LiveStream live, IOptions<DaemonOptions> options,
    IHostApplicationLifetime lifetime, ILogger<PipelineService> log,
    ClipKeeping? clips = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var pipeline = new DetectionPipeline(runtime.Scorers, runtime.Rules, runtime.Source.Clock)
        {
            LevelObserver = runtime.Stats.ObserveLevel,
            Playback = runtime.Source.IsLive ? gate : null,
            FrameObserver = live.PushFrame,
        };
        var recorder = clips?.CreateRecorder(runtime.Rules, pipeline, runtime.Scorers[0].Frontend.SampleRate, runtime.Scorers[0].Labels.Count, log);
        if (recorder is not null)
        {
            pipeline.ScoresObserver = recorder.ObserveWindow;
        }

        var timeline = new InputTimeline(runtime.Source.Clock);
        var meter = new SoundLevelMeter(timeline, options.Value.Levels.CalibrationDb) { Reading = feed.Publish };
        var occupancy = new OccupancyMeter(runtime.Rules, timeline, pipeline.HopSeconds);
        pipeline.SmoothedObserver = occupancy.Push;
        var minutes = new List<MinuteLevels>();
        var occupied = new List<MinuteOccupancy>();
        log.LogInformation("Pipeline: {Labels} labels, {WindowSeconds:0.000} s windows every {HopFrames} frames, gate {Gate} dBFS",
            runtime.Scorers[0].Labels.Count, pipeline.WindowSeconds, pipeline.HopFrames, runtime.Rules.GateDbfs);
        log.LogInformation("Event times: {TimeBase}", runtime.Source.Clock.Description);
        var events = new List<DetectedEvent>();
        var writer = runtime.Events.Writer;
        var clock = Stopwatch.StartNew();
        var cpuAtStart = Environment.CpuUsage.TotalTime;
        var ended = false;
        try
        {
            // No token on the wait: a cancellable wait allocates a registration each time, and a 24 h stream waits
            // millions of times. On stop the capture service completes the channel, which ends the wait.
            var reader = runtime.Audio.Reader;
            while (!stoppingToken.IsCancellationRequested && await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (!stoppingToken.IsCancellationRequested && reader.TryRead(out var chunk))
                {
                    if (timeline.Follow(pipeline.Position) is { } jump)
                    {
                        log.LogWarning("The wall clock jumped by {Jump} at input position {Position:0.0} s; level and occupancy minutes from here are stamped on the new clock, as events are, and history older than levels:history_days on it is pruned",
                            jump, pipeline.Position);
                    }

                    pipeline.Process(chunk.Samples, events);
                    meter.Process(chunk.Samples, minutes);
                    recorder?.Append(chunk.Samples);
                    chunk.Return();
                    recorder?.Keep(events);
                    Record(occupancy, minutes, occupied);
                    runtime.Stats.SetWindows(pipeline.Windows, pipeline.GatedWindows);
                    await Forward(events, writer, stoppingToken).ConfigureAwait(false);
                }
            }

            ended = !stoppingToken.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            pipeline.Finish(events);
            if (recorder is not null)
            {
                recorder.Keep(events);
                recorder.Finish();
                clips!.Queue.Writer.TryComplete();
            }

            meter.Finish(minutes);
            occupancy.Finish();
            Record(occupancy, minutes, occupied);
            feed.Complete();
            foreach (var e in events)
            {
                writer.TryWrite(e);
            }

            writer.TryComplete();
            var elapsed = clock.Elapsed.TotalSeconds;
            var cpu = (Environment.CpuUsage.TotalTime - cpuAtStart).TotalSeconds;
            log.LogInformation("Pipeline {State}: {Audio:0.0} s of audio in {Elapsed:0.00} s ({Speed:0}x real time, {Cpu:0.00} s of CPU on all threads), {Windows} windows, {Gated} below the gate or during a cue ({CueWindows} during cues)",
                ended ? "finished" : "stopped", pipeline.Position, elapsed, pipeline.Position / Math.Max(elapsed, 1e-6), cpu, pipeline.Windows, pipeline.GatedWindows, pipeline.CueWindows);
            if (ended && pipeline.Position < pipeline.WindowSeconds)
            {
                log.LogWarning("The input held {Audio:0.000} s of audio, shorter than one {Window:0.000} s window: it was judged as one window padded with silence, which says little", pipeline.Position, pipeline.WindowSeconds);
            }

            var gc = GC.GetGCMemoryInfo();
            log.LogDebug("Managed heap {Heap:0.0} MB ({Committed:0.0} MB committed), collections gen0 {Gen0} gen1 {Gen1} gen2 {Gen2}, {Allocated:0} MB allocated",
                gc.HeapSizeBytes / 1048576.0, gc.TotalCommittedBytes / 1048576.0, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalAllocatedBytes() / 1048576.0);
        }
    }

    /// <summary>Queues finished minutes for the history.</summary>
    private void Record(OccupancyMeter occupancy, List<MinuteLevels> minutes, List<MinuteOccupancy> occupied)
    {
        occupancy.Drain(occupied);
        foreach (var m in minutes)
        {
            history.Add(new LevelsEntry(m));
        }

        foreach (var o in occupied)
        {
            history.Add(new OccupancyEntry(o));
        }

        minutes.Clear();
        occupied.Clear();
    }

    private static async ValueTask Forward(List<DetectedEvent> events, System.Threading.Channels.ChannelWriter<DetectedEvent> writer, CancellationToken cancel)
    {
        if (events.Count == 0)
        {
            return;
        }

        foreach (var e in events)
        {
            await writer.WriteAsync(e, cancel).ConfigureAwait(false);
        }

        events.Clear();
    }
}
