using System.Globalization;
using System.Net.ServerSentEvents;
using System.Threading.Channels;
using EdgeSound.Daemon.Events;
using EdgeSound.Daemon.Levels;

namespace EdgeSound.Daemon.Web;

/// <summary>
/// Fans the live level and the frontend's int8 log-mel frames out to the dashboard's Server-Sent Events clients.
/// Fed on the pipeline thread; each client has its own bounded queue of <see cref="ClientQueue"/> messages, full
/// mode DropOldest (a slow browser loses its oldest messages, counted in <see cref="Dropped"/>; detection never
/// waits). With no client connected a frame costs one branch.
/// <para>Messages: <c>level</c> <c>{"time", "laeq", "laf"}</c> (dBFS, every 100 ms, see <see cref="LevelReading"/>);
/// <c>mel</c> <c>{"bands", "frames", "data"}</c> where data is base64 of frames x bands int8 values (two's
/// complement bytes, frame by frame, lowest band first).</para>
/// </summary>
public sealed class LiveStream : IObserver<LevelReading>
{
    /// <summary>Messages each client may have waiting before its oldest are dropped (about 10 s of mel and level messages).</summary>
    public const int ClientQueue = 256;

    private readonly int _framesPerMessage;
    private readonly byte[] _frames;
    private Channel<SseItem<string>>[] _clients = [];
    private int _filled;
    private int _bands;
    private long _dropped;
    private volatile bool _ended;

    /// <param name="framesPerMessage">Frontend frames sent together in one <c>mel</c> message.</param>
    public LiveStream(int framesPerMessage = 4)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(framesPerMessage);
        _framesPerMessage = framesPerMessage;
        _frames = new byte[framesPerMessage * 256];
    }

    /// <summary>Messages dropped for slow clients since start (each client's oldest waiting message, when its queue is full).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Clients connected now.</summary>
    public int Clients => Volatile.Read(ref _clients).Length;

    /// <summary>A new client's queue (already complete once the input has ended); dispose the returned subscription when the client leaves.</summary>
    public (ChannelReader<SseItem<string>> Reader, IDisposable Subscription) Subscribe()
    {
        var channel = Channel.CreateBounded<SseItem<string>>(new BoundedChannelOptions(ClientQueue)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = false,
        }, _ => Interlocked.Increment(ref _dropped));
        Swap(list => [.. list, channel]);
        var subscription = new Subscription(this, channel);
        if (_ended)
        {
            subscription.Dispose();
        }

        return (channel.Reader, subscription);
    }

    /// <summary>One frontend frame (at most 256 bands); sent once <c>framesPerMessage</c> have gathered.</summary>
    public void PushFrame(ReadOnlySpan<sbyte> frame)
    {
        if (Volatile.Read(ref _clients).Length == 0)
        {
            _filled = 0;
            return;
        }

        if (frame.Length != _bands)
        {
            _bands = frame.Length;
            _filled = 0;
        }

        System.Runtime.InteropServices.MemoryMarshal.AsBytes(frame).CopyTo(_frames.AsSpan(_filled * _bands));
        if (++_filled < _framesPerMessage)
        {
            return;
        }

        var data = Convert.ToBase64String(_frames, 0, _filled * _bands);
        Send("mel", string.Create(CultureInfo.InvariantCulture, $"{{\"bands\":{_bands},\"frames\":{_filled},\"data\":\"{data}\"}}"));
        _filled = 0;
    }

    public void OnNext(LevelReading value) =>
        Send("level", string.Create(CultureInfo.InvariantCulture, $"{{\"time\":\"{EventJson.FormatTime(value.Time)}\",\"laeq\":{Round(value.LAeq)},\"laf\":{Round(value.LAF)}}}"));

    /// <summary>The input ended: every client's stream ends, and so does the stream of a client that connects later.</summary>
    public void OnCompleted()
    {
        _ended = true;
        foreach (var c in Interlocked.Exchange(ref _clients, []))
        {
            c.Writer.TryComplete();
        }
    }

    public void OnError(Exception error) => OnCompleted();

    private static string Round(double db) => double.IsFinite(db) ? Math.Round(db, 1).ToString(CultureInfo.InvariantCulture) : "null";

    private void Send(string type, string json)
    {
        var clients = Volatile.Read(ref _clients);
        if (clients.Length == 0)
        {
            return;
        }

        var item = new SseItem<string>(json, type);
        foreach (var c in clients)
        {
            c.Writer.TryWrite(item);
        }
    }

    private void Swap(Func<Channel<SseItem<string>>[], Channel<SseItem<string>>[]> change)
    {
        Channel<SseItem<string>>[] before, after;
        do
        {
            before = Volatile.Read(ref _clients);
            after = change(before);
        }
        while (Interlocked.CompareExchange(ref _clients, after, before) != before);
    }

    private sealed class Subscription(LiveStream stream, Channel<SseItem<string>> channel) : IDisposable
    {
        public void Dispose()
        {
            stream.Swap(list => Array.FindAll(list, c => !ReferenceEquals(c, channel)));
            channel.Writer.TryComplete();
        }
    }
}
