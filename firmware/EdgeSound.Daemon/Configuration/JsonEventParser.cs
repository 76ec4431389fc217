using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EdgeSound.Daemon.Configuration;

/// <summary>
/// Reads strict JSON (RFC 8259 with <see cref="Utf8JsonReader"/>: no comments, no trailing commas, one value) as the
/// parsing events YAML text would give, so a <c>.json</c> config becomes the same node tree and passes the same
/// checks (<see cref="YamlText.Load"/>, <see cref="ConfigTreeReader"/>). Strings and keys are double-quoted scalars;
/// numbers, <c>true</c>, <c>false</c> and <c>null</c> plain ones, with their JSON text. Every event carries the line and
/// column (1-based, in characters) where its token starts. A syntax fault throws <see cref="ConfigException"/> of one
/// line naming the source, line and column. Tokens are read one per event, so the nesting check of
/// <see cref="YamlText.Load"/> refuses a deep document at its first collection too deep.
/// </summary>
public sealed class JsonEventParser : IParser
{
    private static readonly JsonReaderOptions Strict = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        // Past the nesting limit of the event consumer, so that limit, not the reader's, names the fault.
        MaxDepth = YamlText.MaxDepth + 2,
    };

    private readonly ReadOnlyMemory<byte> _json;
    private readonly string _source;
    private readonly List<int> _lineStarts = [0];
    private JsonReaderState _state = new(Strict);
    private int _consumed;
    private int _phase;

    /// <param name="utf8">The document as UTF-8 bytes; a leading byte order mark is skipped.</param>
    /// <param name="source">Names the document in errors.</param>
    public JsonEventParser(ReadOnlyMemory<byte> utf8, string source)
    {
        _json = utf8.Span.StartsWith(Encoding.UTF8.Preamble) ? utf8[Encoding.UTF8.Preamble.Length..] : utf8;
        _source = source;
        var span = _json.Span;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <inheritdoc />
    public ParsingEvent? Current { get; private set; }

    /// <inheritdoc />
    public bool MoveNext()
    {
        switch (_phase)
        {
            case 0:
                _phase = 1;
                Current = new StreamStart(Mark.Empty, Mark.Empty);
                return true;
            case 1:
                _phase = 2;
                Current = new DocumentStart(null, null, isImplicit: true, Mark.Empty, Mark.Empty);
                return true;
            case 2:
                if (ReadToken() is { } token)
                {
                    Current = token;
                    return true;
                }

                _phase = 3;
                Current = new DocumentEnd(isImplicit: true, Mark.Empty, Mark.Empty);
                return true;
            case 3:
                _phase = 4;
                Current = new StreamEnd(Mark.Empty, Mark.Empty);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The next token as an event, or null at the end of the document.</summary>
    private ParsingEvent? ReadToken()
    {
        var reader = new Utf8JsonReader(_json.Span[_consumed..], isFinalBlock: true, _state);
        try
        {
            if (!reader.Read())
            {
                return null;
            }

            var start = At(_consumed + (int)reader.TokenStartIndex);
            var end = At(_consumed + (int)reader.BytesConsumed);
            ParsingEvent token = reader.TokenType switch
            {
                JsonTokenType.StartObject => new MappingStart(AnchorName.Empty, TagName.Empty, true, MappingStyle.Flow, start, end),
                JsonTokenType.EndObject => new MappingEnd(start, end),
                JsonTokenType.StartArray => new SequenceStart(AnchorName.Empty, TagName.Empty, true, SequenceStyle.Flow, start, end),
                JsonTokenType.EndArray => new SequenceEnd(start, end),
                JsonTokenType.PropertyName or JsonTokenType.String => Quoted(reader.GetString() ?? "", start, end),
                _ => Plain(Encoding.UTF8.GetString(reader.ValueSpan), start, end),
            };
            _consumed += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            return token;
        }
        catch (JsonException e)
        {
            var where = At((int)(e.LineNumber ?? 0), (int)(e.BytePositionInLine ?? 0));
            var reason = e.Message.IndexOf(" LineNumber:", StringComparison.Ordinal) is var cut and > 0 ? e.Message[..cut] : e.Message;
            throw new ConfigException($"{_source}:{where.Line}:{where.Column}: JSON syntax error: {ForUsers(reason)}", e);
        }
        catch (InvalidOperationException e)
        {
            var where = At(_consumed + (int)reader.TokenStartIndex);
            throw new ConfigException($"{_source}:{where.Line}:{where.Column}: JSON syntax error: a string that is not valid UTF-8", e);
        }
    }

    /// <summary>
    /// System.Text.Json's reason without the words meant for a programmer (reader options, <c>isFinalBlock</c>), and
    /// a comment named as one: strict JSON has none.
    /// </summary>
    private static string ForUsers(string reason) =>
        reason.StartsWith("'/' is invalid", StringComparison.Ordinal)
            ? "a comment ('//' or '/* */'): JSON has no comments"
            : reason.Replace("which is not supported in this mode. Change the reader options.", "which JSON does not allow.", StringComparison.Ordinal)
                .Replace(", when isFinalBlock is true.", ".", StringComparison.Ordinal);

    private static Scalar Quoted(string value, Mark start, Mark end) =>
        new(AnchorName.Empty, TagName.Empty, value, ScalarStyle.DoubleQuoted, false, true, start, end);

    private static Scalar Plain(string value, Mark start, Mark end) =>
        new(AnchorName.Empty, TagName.Empty, value, ScalarStyle.Plain, true, false, start, end);

    /// <summary>The position of byte <paramref name="offset"/> of the document.</summary>
    private Mark At(int offset)
    {
        var line = _lineStarts.BinarySearch(offset);
        line = line >= 0 ? line : ~line - 1;
        return At(line, offset - _lineStarts[line]);
    }

    /// <summary>The position of the byte <paramref name="bytesIn"/> bytes into line <paramref name="line"/> (both 0-based).</summary>
    private Mark At(int line, int bytesIn)
    {
        line = Math.Clamp(line, 0, _lineStarts.Count - 1);
        var from = _lineStarts[line];
        var length = Math.Clamp(bytesIn, 0, _json.Length - from);
        var column = Encoding.UTF8.GetCharCount(_json.Span.Slice(from, length));
        return new Mark(from + length, line + 1, column + 1);
    }
}
