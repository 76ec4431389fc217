using System.Diagnostics;
using System.Globalization;

namespace EdgeSound.Trainer.Analysis;

/// <summary>
/// A text progress bar for stderr. On a terminal it redraws one line in place; when stderr is redirected it
/// writes a line at every tenth so logs stay short. Safe to report from several threads.
/// </summary>
public sealed class ProgressBar
{
    private const int BarWidth = 30;
    private readonly TextWriter _writer;
    private readonly string _label;
    private readonly long _total;
    private readonly bool _inPlace;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private long _done;
    private int _lastTenth = -1;
    private long _lastDrawMs = -1000;

    public ProgressBar(TextWriter writer, string label, long total)
    {
        _writer = writer;
        _label = label;
        _total = Math.Max(0, total);
        _inPlace = ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected;
    }

    /// <summary>Adds <paramref name="count"/> finished items.</summary>
    public void Advance(long count = 1) => Set(Interlocked.Add(ref _done, count));

    /// <summary>Sets the number of finished items (bytes, files...).</summary>
    public void Set(long done)
    {
        lock (_gate)
        {
            long now = _clock.ElapsedMilliseconds;
            int tenth = _total > 0 ? (int)Math.Min(10, done * 10 / _total) : 0;
            if (_inPlace)
            {
                if (now - _lastDrawMs < 100 && done < _total) return;
                _lastDrawMs = now;
                _writer.Write("\r" + Line(done));
            }
            else if (tenth != _lastTenth)
            {
                _lastTenth = tenth;
                _writer.WriteLine(Line(done));
            }
        }
    }

    /// <summary>Ends the bar line.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_inPlace) _writer.WriteLine("\r" + Line(Interlocked.Read(ref _done)));
        }
    }

    private string Line(long done)
    {
        double fraction = _total > 0 ? Math.Clamp((double)done / _total, 0, 1) : 1;
        int filled = (int)Math.Round(fraction * BarWidth);
        return string.Create(CultureInfo.InvariantCulture,
            $"{_label} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction * 100,3:0}% {done}/{_total} {_clock.Elapsed.TotalSeconds:0.0}s");
    }
}
