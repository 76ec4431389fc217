using System.Text;
using EdgeSound.Daemon.Detection;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Events;

/// <summary>
/// Writes one <see cref="EventJson"/> line per event to a file (appended) or to stdout (<c>-</c>), each line one
/// unbuffered write. A line that cannot be written (a full disk, an I/O error) is dropped, never thrown: a partly
/// written line is cut off again where the target allows it, so the file stays valid JSON lines; the first failure
/// is logged, and the count of dropped lines when writing works again and at the end.
/// </summary>
public sealed class EventLineWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly string _name;
    private readonly ILogger _log;
    private string? _failure;
    private long _droppedInFailure;

    /// <summary>Writes to <paramref name="stream"/> (seekable streams get a cut partial line after a failed write).</summary>
    public EventLineWriter(Stream stream, string name, ILogger log)
    {
        _stream = stream;
        _name = name;
        _log = log;
    }

    /// <summary>Event lines that could not be written (this writer).</summary>
    public long Dropped { get; private set; }

    /// <summary>Opens <paramref name="target"/>: <c>-</c> for stdout, otherwise a file appended to (its folder created).</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be written.</exception>
    public static EventLineWriter Open(string target, ILogger log)
    {
        if (target == "-")
        {
            return new EventLineWriter(Console.OpenStandardOutput(), "stdout", log);
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(target));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        var stream = new FileStream(target, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
        return new EventLineWriter(stream, target, log);
    }

    public void Write(DetectedEvent e)
    {
        var line = Encoding.UTF8.GetBytes(EventJson.ToLine(e) + "\n");
        var start = _stream.CanSeek ? _stream.Length : 0;
        try
        {
            _stream.Write(line);
            _stream.Flush();
        }
        catch (Exception x) when (x is IOException or UnauthorizedAccessException)
        {
            Drop(x, start);
            return;
        }

        if (_failure is not null)
        {
            _log.LogInformation("Events {Target} written again: {Dropped} event lines were dropped while it could not be written ({Reason})", _name, _droppedInFailure, _failure);
            _failure = null;
            _droppedInFailure = 0;
        }
    }

    public void Dispose()
    {
        if (Dropped > 0)
        {
            _log.LogWarning("Events {Target}: {Dropped} event lines could not be written in this run", _name, Dropped);
        }

        _stream.Dispose();
    }

    private void Drop(Exception x, long start)
    {
        Dropped++;
        _droppedInFailure++;
        if (_failure is null)
        {
            _failure = x.Message;
            _log.LogWarning("Events {Target}: cannot write ({Reason}); event lines are dropped until it can (the log and MQTT still carry the events)", _name, x.Message);
        }

        if (!_stream.CanSeek)
        {
            return;
        }

        try
        {
            _stream.SetLength(start);
        }
        catch (Exception again) when (again is IOException or UnauthorizedAccessException)
        {
            _log.LogDebug("Events {Target}: cannot cut the partial line either: {Reason}", _name, again.Message);
        }
    }
}
