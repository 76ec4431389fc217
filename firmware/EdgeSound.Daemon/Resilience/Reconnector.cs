using Polly;
using Polly.Retry;

namespace EdgeSound.Daemon.Resilience;

/// <summary>
/// Keeps a resource that can vanish (the ALSA capture device, the connection to the MQTT broker) in use until
/// stopped. The waiting between attempts is Polly's retry strategy: exponential back-off whose first delay is
/// <c>min</c>, doubling up to <c>max</c>, unlimited attempts, no jitter (one daemon reopens its own microphone or
/// reaches its broker: there is no crowd of clients whose retries need spreading, and each wait is exactly the one
/// the log line announced).
/// </summary>
/// <remarks>
/// Each execution of the pipeline starts with the resource the previous execution opened: it is served until it is
/// lost, which counts as the execution's first failed attempt (so the next open waits <c>min</c>); then it is opened
/// again with back-off, and the execution ends as soon as an open succeeds. The delays therefore start again from
/// <c>min</c> after every successful open, and a resource that is lost at once after each open is retried every
/// <c>min</c>, never in a tight loop.
/// </remarks>
/// <typeparam name="T">The open resource; disposed when it is lost or the run stops.</typeparam>
public sealed class Reconnector<T>
    where T : class, IDisposable
{
    private readonly ResiliencePipeline<T?> _pipeline;
    private readonly Func<Exception, bool> _handles;

    /// <param name="min">The delay after a failure that follows an open or a success (seconds from configuration:
    /// <c>audio:reopen_min_s</c>, <c>mqtt:reconnect_min_s</c>).</param>
    /// <param name="max">The longest delay (<c>audio:reopen_max_s</c>, <c>mqtt:reconnect_max_s</c>).</param>
    /// <param name="handles">The exceptions of an open, or of serving, that are failures to retry; any other ends the run.</param>
    /// <param name="onRetry">Called once per failure, before the wait, with the exception (null when the open returned null
    /// after reporting its failure itself) and the delay until the next attempt.</param>
    /// <param name="time">The clock the delays run on; the system clock when null.</param>
    public Reconnector(TimeSpan min, TimeSpan max, Func<Exception, bool> handles, Action<Exception?, TimeSpan> onRetry, TimeProvider? time = null)
    {
        _handles = handles;
        _pipeline = new ResiliencePipelineBuilder<T?> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<T?>
            {
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = false,
                Delay = min,
                MaxDelay = max,
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e ? handles(e) : args.Outcome.Result is null),
                OnRetry = args =>
                {
                    onRetry(args.Outcome.Exception, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// Opens, serves and reopens <typeparamref name="T"/> on the calling thread (the waits block it) until
    /// <paramref name="stop"/> is cancelled; a wait ends as soon as it is.
    /// </summary>
    /// <param name="open">Opens the resource; throws, or reports why and returns null, when it cannot.</param>
    /// <param name="serve">Uses the open resource until it is lost (throws) or <paramref name="stop"/> is cancelled
    /// (returns). A resource opened just as the stop came is also passed to it, so that it closes every resource its own way.</param>
    /// <param name="stop">Ends the run.</param>
    public void Run(Func<CancellationToken, T?> open, Action<T, CancellationToken> serve, CancellationToken stop)
    {
        T? held = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                held = _pipeline.Execute(cancel =>
                {
                    if (held is { } live)
                    {
                        held = null;
                        using (live)
                        {
                            serve(live, cancel);
                        }

                        cancel.ThrowIfCancellationRequested();
                    }

                    return open(cancel);
                }, stop);
            }
        }
        catch (Exception e) when (stop.IsCancellationRequested && (e is OperationCanceledException || _handles(e)))
        {
        }

        if (held is not null)
        {
            using (held)
            {
                serve(held, stop);
            }
        }
    }

    /// <summary>The asynchronous <see cref="Run"/>: the same attempts and delays, awaited.</summary>
    public async Task RunAsync(Func<CancellationToken, ValueTask<T?>> open, Func<T, CancellationToken, ValueTask> serve, CancellationToken stop)
    {
        T? held = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                held = await _pipeline.ExecuteAsync(async cancel =>
                {
                    if (held is { } live)
                    {
                        held = null;
                        using (live)
                        {
                            await serve(live, cancel).ConfigureAwait(false);
                        }

                        cancel.ThrowIfCancellationRequested();
                    }

                    return await open(cancel).ConfigureAwait(false);
                }, stop).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (stop.IsCancellationRequested && (e is OperationCanceledException || _handles(e)))
        {
        }

        if (held is not null)
        {
            using (held)
            {
                await serve(held, stop).ConfigureAwait(false);
            }
        }
    }
}
