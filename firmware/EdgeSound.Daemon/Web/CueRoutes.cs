using System.Text.Json;
using EdgeSound.Daemon.Cues;
using EdgeSound.Daemon.Events;
using EdgeSound.Dsp.Synthesis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EdgeSound.Daemon.Web;

/// <summary>
/// The cue designer's routes (token rules as every data route):
/// <list type="bullet">
/// <item><c>GET /api/cues</c>: <c>{"sample_rate", "composer": {ranges}, "classes": [{"label", "pattern" (null: none),
/// "source": "config"|"designer"|null}]}</c>. The daemon holds no per-class sound profile, so the page starts its
/// sliders from neutral values.</item>
/// <item><c>POST /api/cues/render</c> <c>{"pattern"}</c>: <c>audio/wav</c>, 16-bit mono PCM at <c>cues:sample_rate</c>
/// from the daemon's own <see cref="CueRenderer"/>.</item>
/// <item><c>POST /api/cues/compose</c> <c>{"tempo" BPM, "key" (C, C#, Db .. B), "mode" (major|minor), "brightness" 0..1,
/// "noisiness" 0..1, "length" beats, "seed" (optional, 0)}</c>: <c>{"pattern"}</c> from <see cref="CueComposer"/>.</item>
/// <item><c>PUT /api/cues/{label}</c> <c>{"pattern"}</c>: saves the label's cue (<see cref="CueDesigner.Save"/>).</item>
/// <item><c>POST /api/cues/{label}/comparison</c> <c>{"a", "b", "choice": "a"|"b"}</c> stores a listening comparison and
/// saves the chosen pattern; <c>GET</c> lists the label's comparisons, oldest first.</item>
/// </list>
/// Bad input gets 400 with one line naming the field (or the parser's line for a pattern).
/// </summary>
public static class CueRoutes
{
    public static void Map(WebApplication app, CueDesigner designer)
    {
        app.MapGet("/api/cues", () => TypedResults.Bytes(Catalogue(designer), "application/json"));
        app.MapPost("/api/cues/render", async (HttpContext context, CancellationToken cancel) =>
        {
            var (body, refusal) = await RequestBody.ReadObjectAsync(context, cancel).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            if (PatternField(body!.Value, out var text) is { } bad)
            {
                return bad;
            }

            return designer.RenderWav(text, out var problem) is { } wav
                ? TypedResults.Bytes(wav, "audio/wav")
                : RequestBody.BadRequest(problem);
        });
        app.MapPost("/api/cues/compose", async (HttpContext context, CancellationToken cancel) =>
        {
            var (body, refusal) = await RequestBody.ReadObjectAsync(context, cancel).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            if (ComposeInputs(body!.Value, out var problem) is not { } inputs)
            {
                return RequestBody.BadRequest(problem);
            }

            return TypedResults.Bytes(Json(w => w.WriteString("pattern", CueComposer.Compose(inputs).ToText())), "application/json");
        });
        app.MapPut("/api/cues/{label}", async (string label, HttpContext context, CancellationToken cancel) =>
        {
            var (body, refusal) = await RequestBody.ReadObjectAsync(context, cancel).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            if (PatternField(body!.Value, out var text) is { } bad)
            {
                return bad;
            }

            return designer.Save(label, text) is { } problem
                ? RequestBody.BadRequest(problem)
                : TypedResults.Bytes(Json(w => { w.WriteString("label", label); w.WriteString("pattern", PatternParser.Parse(text).ToText()); }), "application/json");
        });
        app.MapPost("/api/cues/{label}/comparison", async (string label, HttpContext context, CancellationToken cancel) =>
        {
            var (body, refusal) = await RequestBody.ReadObjectAsync(context, cancel).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            var b = body!.Value;
            if (RequestBody.NotText(b, "a", "b", "choice") is { } notText)
            {
                return RequestBody.BadRequest(notText);
            }

            if (RequestBody.Text(b, "a") is not { } a || RequestBody.Text(b, "b") is not { } second)
            {
                return RequestBody.BadRequest("a and b are required: the two candidate patterns");
            }

            var choice = RequestBody.Text(b, "choice") ?? "";
            return designer.Compare(label, a, second, choice) is { } problem
                ? RequestBody.BadRequest(problem)
                : TypedResults.Bytes(Json(w => { w.WriteString("label", label); w.WriteString("pattern", PatternParser.Parse(choice == "a" ? a : second).ToText()); }), "application/json");
        });
        app.MapGet("/api/cues/{label}/comparison", (string label) =>
            designer.UnknownLabel(label) is { } unknown ? RequestBody.BadRequest(unknown)
            : designer.Comparisons(label, out var problem) is { } list ? TypedResults.Bytes(Comparisons(list), "application/json")
            : RequestBody.Line(problem, StatusCodes.Status500InternalServerError));
    }

    /// <summary>The body's <c>pattern</c> in <paramref name="text"/>, or the 400 answer when it is not a string or missing.</summary>
    private static IResult? PatternField(JsonElement body, out string text)
    {
        var value = RequestBody.Text(body, "pattern");
        text = value ?? "";
        return RequestBody.NotText(body, "pattern") is { } notText ? RequestBody.BadRequest(notText)
            : value is null ? RequestBody.BadRequest("pattern is required: the cue pattern text")
            : null;
    }

    /// <summary>The composer inputs of a compose body, or null with one line naming the first bad field.</summary>
    public static ComposerInputs? ComposeInputs(JsonElement body, out string problem)
    {
        problem = "";
        if (Number(body, "tempo", ref problem) is not { } tempo
            || Number(body, "brightness", ref problem) is not { } brightness
            || Number(body, "noisiness", ref problem) is not { } noisiness
            || Whole(body, "length", required: true, ref problem) is not { } length
            || Whole(body, "seed", required: false, ref problem) is not { } seed)
        {
            return null;
        }

        var keyText = RequestBody.Text(body, "key");
        if (keyText is null || ComposerInputs.ParseKey(keyText) is not { } key)
        {
            problem = $"key must be a tonic C, C#, Db, D, ... B, got {Shown(body, "key")}";
            return null;
        }

        if (ComposerInputs.ParseMode(RequestBody.Text(body, "mode") ?? "") is not { } mode)
        {
            problem = $"mode must be major or minor, got {Shown(body, "mode")}";
            return null;
        }

        var inputs = new ComposerInputs(tempo, key, mode, brightness, noisiness, length, seed);
        if (inputs.Problem() is { } p)
        {
            problem = $"{FieldName(p.Input)} {p.Value}: expected {p.Expected}";
            return null;
        }

        return inputs;
    }

    private static string FieldName(ComposerInput input) => input switch
    {
        ComposerInput.Tempo => "tempo",
        ComposerInput.Key => "key",
        ComposerInput.Brightness => "brightness",
        ComposerInput.Noisiness => "noisiness",
        _ => "length",
    };

    private static double? Number(JsonElement body, string name, ref string problem)
    {
        if (body.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDouble(out var v))
        {
            return v;
        }

        problem = $"{name} must be a number, got {Shown(body, name)}";
        return null;
    }

    private static int? Whole(JsonElement body, string name, bool required, ref string problem)
    {
        if (!body.TryGetProperty(name, out var p) && !required)
        {
            return 0;
        }

        if (p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var v))
        {
            return v;
        }

        problem = $"{name} must be a whole number, got {Shown(body, name)}";
        return null;
    }

    private static string Shown(JsonElement body, string name) => body.TryGetProperty(name, out var p) ? p.GetRawText() : "nothing";

    private static byte[] Catalogue(CueDesigner designer) => Json(w =>
    {
        w.WriteNumber("sample_rate", designer.SampleRate);
        w.WriteStartObject("composer");
        w.WriteNumber("min_tempo", ComposerInputs.MinTempo);
        w.WriteNumber("max_tempo", ComposerInputs.MaxTempo);
        w.WriteNumber("max_length", ComposerInputs.MaxLengthBeats);
        w.WriteEndObject();
        w.WriteStartArray("classes");
        foreach (var c in designer.Cues())
        {
            w.WriteStartObject();
            w.WriteString("label", c.Label);
            w.WriteString("pattern", c.Pattern);
            w.WriteString("source", c.Source);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    });

    private static byte[] Comparisons(IReadOnlyList<CueComparison> list)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var c in list)
            {
                w.WriteStartObject();
                w.WriteString("time", EventJson.FormatTime(c.Time));
                w.WriteString("a", c.A);
                w.WriteString("b", c.B);
                w.WriteString("choice", c.Choice);
                w.WriteString("model_sha256", c.ModelSha256);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Json(Action<Utf8JsonWriter> properties)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            properties(w);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
