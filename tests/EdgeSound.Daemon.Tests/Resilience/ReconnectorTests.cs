using System.Collections.Concurrent;
using EdgeSound.Daemon.Resilience;
using Xunit;

namespace EdgeSound.Daemon.Tests.Resilience;

/// <summary>
/// The reconnect loop on Polly's retry strategy, on a fake clock: delays double from min up to max and stay there for
/// as long as the failures go on, start again from min after a successful open, and a stop ends a wait or a use at once.
/// Each case runs through <see cref="Reconnector{T}.Run"/> (blocking, as the ALSA capture thread does) and
/// <see cref="Reconnector{T}.RunAsync"/> (as the MQTT link does).
/// </summary>
public sealed class ReconnectorTests
{
    private static readonly TimeSpan Min = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan RealTimeout = TimeSpan.FromSeconds(15);

    private sealed class Resource : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    /// <summary>A scripted resource: each open takes the next step (null: open reports a refusal; an exception: open throws
    /// it; a resource: open succeeds); serving throws <see cref="IOException"/> unless it is the last step, which is served
    /// until the stop.</summary>
    private sealed class Script(params object?[] steps)
    {
        private int _next;

        public ConcurrentQueue<(Exception? Failure, TimeSpan Delay)> Retries { get; } = new();

        public int Opens => Volatile.Read(ref _next);

        public bool Exhausted => Opens >= steps.Length;

        public Reconnector<Resource> Reconnector(DelayClock clock) =>
            new(Min, Max, e => e is IOException, (failure, delay) => Retries.Enqueue((failure, delay)), clock);

        public Resource? Open()
        {
            var i = Interlocked.Increment(ref _next) - 1;
            return steps[Math.Min(i, steps.Length - 1)] switch
            {
                Exception e => throw e,
                Resource r => r,
                _ => null,
            };
        }

        public void Serve(Resource r, CancellationToken stop)
        {
            if (!Exhausted)
            {
                throw new IOException("lost");
            }

            stop.WaitHandle.WaitOne();
        }

        public Task Run(Reconnector<Resource> reconnector, bool blocking, CancellationToken stop) => blocking
            ? Task.Factory.StartNew(() => reconnector.Run(_ => Open(), Serve, stop), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
            : Task.Run(() => reconnector.RunAsync(_ => ValueTask.FromResult(Open()), (r, c) =>
            {
                Serve(r, c);
                return ValueTask.CompletedTask;
            }, stop));
    }

    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Delays_double_from_min_up_to_max_and_stay_there_however_long_the_failures_last(bool blocking)
    {
        var clock = new DelayClock();
        var script = new Script(new IOException("absent"));
        using var stop = new CancellationTokenSource();
        var run = script.Run(script.Reconnector(clock), blocking, stop.Token);

        // 2^attempt overflows a TimeSpan of seconds near attempt 40: 70 attempts show that the cap holds past it.
        var delays = Enumerable.Range(0, 70).Select(_ => clock.ElapseNext()).ToList();
        Assert.Equal([Seconds(1), Seconds(2), Seconds(4), Seconds(8), Seconds(8)], delays[..5]);
        Assert.All(delays[3..], d => Assert.Equal(Max, d));
        Assert.True(SpinWait.SpinUntil(() => script.Opens == 71, RealTimeout));
        Assert.Equal(delays, script.Retries.Take(70).Select(r => r.Delay));
        Assert.All(script.Retries, r => Assert.Equal("absent", r.Failure?.Message));

        stop.Cancel();
        await run.WaitAsync(RealTimeout);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task After_each_successful_open_the_delays_start_again_from_min(bool blocking)
    {
        var clock = new DelayClock();
        var absent = new IOException("absent");
        var first = new Resource();
        var second = new Resource();

        // Three failed opens (one a reported refusal), an open that is lost, a failed open, an open served until the stop.
        var script = new Script(absent, null, absent, first, absent, second);
        using var stop = new CancellationTokenSource();
        var run = script.Run(script.Reconnector(clock), blocking, stop.Token);

        var delays = Enumerable.Range(0, 5).Select(_ => clock.ElapseNext()).ToList();
        Assert.Equal([Seconds(1), Seconds(2), Seconds(4), Seconds(1), Seconds(2)], delays);
        Assert.True(SpinWait.SpinUntil(() => script.Exhausted, RealTimeout));
        Assert.Equal(["absent", null, "absent", "lost", "absent"], script.Retries.Select(r => r.Failure?.Message));
        Assert.True(first.Disposed, "a lost resource is disposed before the next open");
        Assert.False(second.Disposed);

        stop.Cancel();
        await run.WaitAsync(RealTimeout);
        Assert.True(second.Disposed, "the resource in use is disposed at the stop");
        Assert.Equal(6, script.Opens);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_stop_ends_a_wait_at_once_without_another_open(bool blocking)
    {
        var clock = new DelayClock();
        var script = new Script(new IOException("absent"));
        using var stop = new CancellationTokenSource();
        var run = script.Run(script.Reconnector(clock), blocking, stop.Token);
        Assert.Equal(Min, clock.ElapseNext());
        Assert.True(SpinWait.SpinUntil(() => script.Retries.Count == 2, RealTimeout));

        // The clock stands still: only the stop can end the 2 s wait now under way.
        stop.Cancel();
        await run.WaitAsync(RealTimeout);
        Assert.Equal(2, script.Opens);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_exception_the_loop_does_not_handle_ends_the_run_without_a_retry(bool blocking)
    {
        var clock = new DelayClock();
        var script = new Script(new InvalidOperationException("a bug, not an absence"));
        using var stop = new CancellationTokenSource();
        var run = script.Run(script.Reconnector(clock), blocking, stop.Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(RealTimeout));
        Assert.Empty(script.Retries);
        Assert.Equal(1, script.Opens);
    }
}
