using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace EdgeSound.Daemon.Configuration;

/// <summary>
/// Parses YAML, or the events of another syntax (<see cref="JsonEventParser"/>), into one node tree. Every syntax fault
/// becomes a <see cref="ConfigException"/> of one line naming the source, the line and column (1-based) and what is
/// wrong; a second document is refused rather than ignored. YamlDotNet's scanner reports some faults (a flow list left
/// open before the next key) with an <see cref="InvalidOperationException"/> that has no position: the open bracket, or
/// else the end of the last event read, stands in. Collections nested deeper than <see cref="MaxDepth"/> are refused at
/// the first one too deep (the node tree is built recursively, and a file of 100000 open brackets would overflow the stack).
/// </summary>
public static class YamlText
{
    /// <summary>Deepest nesting of mappings and lists read; the configuration schema nests four.</summary>
    public const int MaxDepth = 64;

    /// <summary>The root node of YAML text, or null for an empty text.</summary>
    public static YamlNode? Parse(TextReader reader, string source) => Load(new Parser(reader), source, "YAML");

    /// <summary>The root node of <paramref name="events"/>, or null for an empty document; <paramref name="syntax"/>
    /// (YAML, JSON) names the syntax in errors.</summary>
    public static YamlNode? Load(IParser events, string source, string syntax)
    {
        var parser = new TrackingParser(events, start =>
            new ConfigException($"{source}:{start.Line}:{start.Column}: {syntax} nesting deeper than {MaxDepth} levels here; a config file nests a few"));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            throw new ConfigException($"{source}:{e.Start.Line}:{e.Start.Column}: {syntax} syntax error: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new ConfigException(
                parser.OpenFlow is { } f
                    ? $"{source}:{f.Start.Line}:{f.Start.Column}: {syntax} syntax error: the {(f.Sequence ? "'[' here is not closed by ']'" : "'{' here is not closed by '}'")} before the next key"
                    : $"{source}:{parser.LastEnd.Line}:{parser.LastEnd.Column}: {syntax} syntax error after this point",
                e);
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new ConfigException($"{source}:{second.Line}:{second.Column}: a second YAML document ('---'); a config file holds one");
        }

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    /// <summary>
    /// Passes events through, remembering where the last one ended and which flow collections are open; a collection
    /// that opens deeper than <see cref="MaxDepth"/> throws what <paramref name="tooDeep"/> makes of its start.
    /// </summary>
    private sealed class TrackingParser(IParser inner, Func<Mark, Exception> tooDeep) : IParser
    {
        private readonly Stack<(bool Sequence, Mark Start)> _flows = new();
        private int _depth;

        public ParsingEvent? Current => inner.Current;

        public Mark LastEnd { get; private set; } = Mark.Empty;

        public (bool Sequence, Mark Start)? OpenFlow => _flows.Count > 0 ? _flows.Peek() : null;

        public bool MoveNext()
        {
            if (!inner.MoveNext())
            {
                return false;
            }

            var e = inner.Current!;
            LastEnd = e.End;
            if (e is SequenceStart or MappingStart && ++_depth > MaxDepth)
            {
                throw tooDeep(e.Start);
            }

            if (e is SequenceEnd or MappingEnd)
            {
                _depth--;
            }

            switch (e)
            {
                case SequenceStart { Style: SequenceStyle.Flow }:
                    _flows.Push((true, e.Start));
                    break;
                case MappingStart { Style: MappingStyle.Flow }:
                    _flows.Push((false, e.Start));
                    break;
                case SequenceEnd or MappingEnd when _flows.Count > 0:
                    // Inside a flow collection every collection is a flow one, so any end closes the innermost.
                    _flows.Pop();
                    break;
            }

            return true;
        }
    }
}
