using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSound.Daemon.Events;

namespace EdgeSound.Daemon.Clips;

/// <summary>
/// The JSON file beside each clip (<c>ID.json</c> next to <c>ID.wav</c>), read back by the trainer's clip-folder
/// dataset: <c>clip</c>, <c>audio</c> (the WAV's file name), the event (<c>time</c>, <c>label</c>, <c>score</c>,
/// <c>start_s</c>, <c>end_s</c>, <c>level_dbfs</c>), the clip's span <c>clip_start_s</c>/<c>clip_end_s</c> (seconds
/// from the input start), <c>sample_rate</c>, <c>model</c> (<c>sha256</c>, <c>labels</c>), <c>windows</c> (each
/// window overlapping the event: <c>start_s</c>, <c>end_s</c>, <c>scores</c> as label -> score) and <c>verdict</c>:
/// null until feedback arrives, then <c>{"verdict": "confirm"|"false_alarm"|"relabel", "label": L (relabel only),
/// "time": ISO-8601}</c>.
/// </summary>
public static class ClipSidecar
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Build(EventClip clip, ModelIdentity model)
    {
        var e = clip.Event;
        var windows = new JsonArray();
        foreach (var w in clip.Windows)
        {
            var scores = new JsonObject();
            for (var c = 0; c < w.Scores.Length && c < model.Labels.Count; c++)
            {
                scores[model.Labels[c]] = Math.Round(w.Scores[c], 4);
            }

            windows.Add(new JsonObject { ["start_s"] = Math.Round(w.StartSeconds, 3), ["end_s"] = Math.Round(w.EndSeconds, 3), ["scores"] = scores });
        }

        var labels = new JsonArray();
        foreach (var l in model.Labels)
        {
            labels.Add(l);
        }

        return new JsonObject
        {
            ["clip"] = clip.Id,
            ["audio"] = clip.Id + ".wav",
            ["time"] = EventJson.FormatTime(e.Time),
            ["label"] = e.Label,
            ["score"] = Math.Round(e.Score, 3),
            ["start_s"] = Math.Round(e.StartSeconds, 3),
            ["end_s"] = Math.Round(e.EndSeconds, 3),
            ["level_dbfs"] = Math.Round(e.LevelDbfs, 1),
            ["clip_start_s"] = Math.Round(clip.ClipStartSeconds, 4),
            ["clip_end_s"] = Math.Round(clip.ClipEndSeconds, 4),
            ["sample_rate"] = clip.SampleRate,
            ["model"] = new JsonObject { ["sha256"] = model.Sha256, ["labels"] = labels },
            ["windows"] = windows,
            ["verdict"] = null,
        };
    }

    /// <summary>Sets the sidecar's <c>verdict</c> (a later verdict replaces an earlier one).</summary>
    public static void SetVerdict(JsonObject sidecar, FeedbackVerdict verdict, string? label, DateTimeOffset time)
    {
        var v = new JsonObject { ["verdict"] = FeedbackCommand.Name(verdict) };
        if (verdict == FeedbackVerdict.Relabel)
        {
            v["label"] = label;
        }

        v["time"] = EventJson.FormatTime(time);
        sidecar["verdict"] = v;
    }

    public static string ToText(JsonObject sidecar) => sidecar.ToJsonString(Indented);
}
