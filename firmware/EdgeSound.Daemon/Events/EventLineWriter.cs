using System.Text;
using EdgeSound.Dsp.Files;
using EdgeSound.Daemon.Detection;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Daemon.Events;

/// <summary>
/// Writes one <see cref="EventJson"/> line per event to a file (appended) or to stdout (<c>-</c>), each line one
/// unbuffered write. A regular file is opened for each line, so a file renamed or deleted while the daemon runs
/// (logrotate) gets the next line in a new file at its path, never in the unlinked one; stdout, a FIFO or a device
/// stays open. A FIFO is opened at its first line without waiting for a reader (<see cref="NamedPipe"/>): while no
/// process reads it (none yet, or its reader went away), lines are dropped and counted as on a full disk, until one
/// does. A line that cannot be written (a full disk, an I/O error) is dropped, never thrown: a partly
/// written line is cut off again where the target allows it, so the file stays valid JSON lines; the first failure
/// is logged, and the count of dropped lines when writing works again and at the end.
/// </summary>
public sealed class EventLineWriter : IDisposable
{
    private readonly string? _path;
    private readonly bool _fifo;
    private Stream? _stream;
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

    private EventLineWriter(string path, bool fifo, ILogger log)
    {
        _path = path;
        _fifo = fifo;
        _name = path;
        _log = log;
    }

    /// <summary>
    /// Opens <paramref name="target"/>: <c>-</c> for stdout, otherwise a file appended to (its folder created); a
    /// regular file is then reopened for each line, a FIFO opened at the first line a reader takes and anything else
    /// that cannot seek (a device) kept open.
    /// </summary>
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

        if (FileKind.IsFifo(target))
        {
            return new EventLineWriter(target, fifo: true, log);
        }

        var stream = Append(target);
        if (stream.CanSeek)
        {
            stream.Dispose();
            return new EventLineWriter(target, fifo: false, log);
        }

        return new EventLineWriter(stream, target, log);
    }

    private static FileStream Append(string path) => new(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);

    public void Write(DetectedEvent e)
    {
        var line = Encoding.UTF8.GetBytes(EventJson.ToLine(e) + "\n");
        Stream stream;
        try
        {
            stream = _stream ?? (_fifo ? _stream = NamedPipe.OpenForWriting(_path!) : Append(_path!));
        }
        catch (Exception x) when (x is IOException or UnauthorizedAccessException)
        {
            Drop(x, null, 0);
            return;
        }

        var start = stream.CanSeek ? stream.Length : 0;
        try
        {
            stream.Write(line);
            stream.Flush();
        }
        catch (Exception x) when (x is IOException or UnauthorizedAccessException)
        {
            Drop(x, stream, start);
            return;
        }
        finally
        {
            if (_stream is null)
            {
                stream.Dispose();
            }
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

        _stream?.Dispose();
    }

    /// <summary>Counts a line not written; cuts what was written of it off <paramref name="stream"/> where it can seek.</summary>
    private void Drop(Exception x, Stream? stream, long start)
    {
        Dropped++;
        _droppedInFailure++;
        if (_failure is null)
        {
            _failure = x.Message;
            _log.LogWarning("Events {Target}: cannot write ({Reason}); event lines are dropped until it can (the log and MQTT still carry the events)", _name, x.Message);
        }

        if (stream is not { CanSeek: true })
        {
            return;
        }

        try
        {
            stream.SetLength(start);
        }
        catch (Exception again) when (again is IOException or UnauthorizedAccessException)
        {
            _log.LogDebug("Events {Target}: cannot cut the partial line either: {Reason}", _name, again.Message);
        }
    }
}
