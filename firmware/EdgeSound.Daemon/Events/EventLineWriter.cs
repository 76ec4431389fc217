using System.Text;
using EdgeSound.Daemon.Detection;

namespace EdgeSound.Daemon.Events;

/// <summary>Writes one <see cref="EventJson"/> line per event to a file (appended) or to stdout (<c>-</c>), flushed per event.</summary>
public sealed class EventLineWriter : IDisposable
{
    private readonly TextWriter _writer;
    private readonly bool _owns;

    public EventLineWriter(string target)
    {
        if (target == "-")
        {
            _writer = Console.Out;
            return;
        }

        var dir = Path.GetDirectoryName(Path.GetFullPath(target));
        if (dir is not null)
        {
            Directory.CreateDirectory(dir);
        }

        _writer = new StreamWriter(new FileStream(target, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        _owns = true;
    }

    public EventLineWriter(TextWriter writer)
    {
        _writer = writer;
    }

    public void Write(DetectedEvent e)
    {
        _writer.Write(EventJson.ToLine(e));
        _writer.Write('\n');
        _writer.Flush();
    }

    public void Dispose()
    {
        if (_owns)
        {
            _writer.Dispose();
        }
    }
}
