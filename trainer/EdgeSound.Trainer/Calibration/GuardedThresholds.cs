using System.Text.Json.Nodes;
using EdgeSound.Daemon.Hosting;
using EdgeSound.Inference;
using EdgeSound.Trainer.Commands;

namespace EdgeSound.Trainer.Calibration;

/// <summary>
/// Writes calibrated thresholds into a model after that model's own <see cref="NoiseGuard"/>: the guarded thresholds
/// go into <see cref="ModelMetadataKeys.ClassThresholds"/>, the calibration record plus what the guard raised into
/// <see cref="ModelMetadataKeys.Calibration"/>, and the model is re-sealed with its graph unchanged.
/// </summary>
internal static class GuardedThresholds
{
    /// <exception cref="ModelLoadException">the target cannot be loaded.</exception>
    /// <exception cref="IOException">the target cannot be rewritten.</exception>
    public static void Write(string target, string[] labels, IReadOnlyDictionary<string, double> thresholds, JsonObject provenance,
        IReadOnlyList<(string Name, float[] Samples)> backgrounds, TextWriter log)
    {
        NoiseGuardResult guard;
        using (var scorer = new OnnxWindowScorer(SoundClassifier.Load(target)))
        {
            guard = NoiseGuard.Apply(scorer, labels, thresholds, backgrounds);
        }

        log.WriteLine($"noise guard: {target}: " + (guard.Raised.Count == 0 ? "no event on any noise background" : "raised " + string.Join(", ", guard.Raised)));
        if (guard.StillFiring.Count > 0)
        {
            log.WriteLine($"noise guard: {target}: still raises events on noise at threshold {NoiseGuard.Ceiling}: {string.Join(", ", guard.StillFiring)}");
        }

        var record = provenance.DeepClone().AsObject();
        record["noise_guard"] = new JsonObject
        {
            ["backgrounds"] = string.Join(',', backgrounds.Select(b => b.Name)) + $" dBFS, {NoiseGuard.Seconds} s each",
            ["raised"] = new JsonObject(guard.Raised.Select(r => KeyValuePair.Create(r.Label, (JsonNode?)new JsonArray(r.From, r.To)))),
        };
        SealCommand.Seal(target, [], log, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ModelMetadataKeys.ClassThresholds] = ModelThresholds.ToJson(labels, guard.Thresholds),
            [ModelMetadataKeys.Calibration] = record.ToJsonString(),
        });
    }
}
