using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeSound.Inference;
using EdgeSound.Learning.Neural;
using EdgeSound.Learning.Onnx.Proto;
using EdgeSound.Trainer.Commands;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// Same-recipe checks: <c>--recipe-check</c> models (the same recipe trained without one fold, judged on it) whose
/// held-out figures this model quotes, and the recipe of a <c>--load-float</c> checkpoint against this invocation's.
/// </summary>
internal static class RecipeChecks
{
    /// <summary>
    /// Reads every model of the comma-separated <paramref name="list"/> (none when null) against this run's recipe
    /// (<see cref="TrainingMetadata.RecipeIdentity"/>) and window of <paramref name="windowFrames"/> frames: <c>file</c>,
    /// <c>sha256</c>, <c>trained_on</c>, <c>held_out</c> and <c>f1_per_class</c> of each. The train command calls it
    /// before training, so a wrong or damaged file stops the run before any epoch.
    /// </summary>
    /// <exception cref="ArgumentException">two models hold out the same fold.</exception>
    /// <exception cref="InvalidDataException">a model is altered, lacks metrics, differs in recipe or held out no fold.</exception>
    public static List<JsonObject> ReadAll(string? list, JsonObject recipe, int windowFrames, TextWriter log)
    {
        List<JsonObject> checks = [];
        foreach (string checkPath in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            JsonObject check = Read(checkPath, recipe, windowFrames, log);
            if (checks.Any(c => c["held_out"]!.AsObject().Any(kv => check["held_out"]!.AsObject().ContainsKey(kv.Key))))
            {
                throw new ArgumentException($"--recipe-check: {checkPath} holds out a fold another check model already holds out.");
            }

            checks.Add(check);
        }

        return checks;
    }

    /// <summary>
    /// Checks, before any data is read, that every model of the comma-separated <paramref name="list"/> (none when
    /// null) exists and can be read, so a mistyped path is named with its option at once.
    /// </summary>
    /// <exception cref="ArgumentException">a file is missing, a directory or unreadable: <c>--recipe-check PATH: reason</c>.</exception>
    public static void CheckReadable(string? list)
    {
        foreach (string checkPath in (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            InputPath.CheckFile("--recipe-check", checkPath);
        }
    }

    /// <summary>The checks as quoted in the metrics (<c>recipe_check</c>): copies without <c>f1_per_class</c>.</summary>
    public static JsonArray Quoted(List<JsonObject> checks)
    {
        var quoted = new JsonArray();
        foreach (JsonObject check in checks)
        {
            JsonObject copy = check.DeepClone().AsObject();
            copy.Remove("f1_per_class");
            quoted.Add(copy);
        }

        return quoted;
    }

    /// <summary>
    /// The metadata and card describe the recipe of this invocation, so a loaded float model must have been trained
    /// with the same --epochs, --seed, --noise, --background-crops, --ema, --gain, number of --teacher models, --distill and
    /// --temperature: the recipe the checkpoint recorded (<see cref="Recipe"/>). A checkpoint saved before the recipe was
    /// recorded has its training command read back by the train command's own parser, with the live defaults, except
    /// the crop gain: such a checkpoint predates <c>--gain</c> and was trained at ±6 dB whatever the default is now.
    /// Its model must also have this run's architecture (window frames and blocks), read from the model itself.
    /// </summary>
    /// <exception cref="ArgumentException">a value differs (the checkpoint and both values named), or the saved command cannot be read.</exception>
    public static void CheckCheckpoint(string checkpoint, TrainingStats stats, CnnArchitecture loaded, TrainOptions o, CnnArchitecture ours)
    {
        if (loaded.Frames != ours.Frames || loaded.Blocks != ours.Blocks || loaded.GlobalPooling != ours.GlobalPooling)
        {
            throw new ArgumentException($"{checkpoint}: holds a model of --window-frames {loaded.Frames} --blocks {loaded.Blocks} --pooling {loaded.GlobalPooling.Name()}; "
                + $"pass the same values to export it (got --window-frames {ours.Frames} --blocks {ours.Blocks} --pooling {ours.GlobalPooling.Name()}).");
        }

        string trained = stats.Recipe ?? RecordedRecipe(checkpoint, stats.Command);
        if (trained != Recipe(o))
        {
            throw new ArgumentException($"{checkpoint}: trained with {trained}; pass the same values to export it (got {Recipe(o)}).");
        }
    }

    /// <summary>The recipe options of a training run with the values they took, as one line of command-line options.</summary>
    public static string Recipe(TrainOptions x) => string.Create(CultureInfo.InvariantCulture,
        $"--epochs {x.Epochs} --seed {x.Seed} --noise {x.Noise} --background-crops {x.BackgroundCrops} --ema {x.WeightAverage} --gain {x.GainDb.Min},{x.GainDb.Max}, {x.Teachers.Count} teacher(s) at --distill {x.DistillationWeight} --temperature {x.Temperature}");

    private static string RecordedRecipe(string checkpoint, string command)
    {
        TrainOptions trained;
        try
        {
            trained = TrainCommand.ParseRecorded(command);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{checkpoint}: {e.Message}", e);
        }

        return Recipe(command.Contains("--gain", StringComparison.Ordinal) ? trained : trained with { GainDb = (-6, 6) });
    }

    /// <summary>
    /// Reads the held-out metrics of a model trained with the same recipe and a validation fold. Refuses a model whose
    /// recipe, architecture, window or epochs differ from this run's (then its figure would not describe this model).
    /// </summary>
    private static JsonObject Read(string path, JsonObject ours, int windowFrames, TextWriter log)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ModelDigest digest = ModelDigest.Of(bytes, $"{path}: --recipe-check model");

        if (!digest.Matches)
        {
            throw new InvalidDataException(
                $"{path}: --recipe-check model records SHA-256 {digest.Recorded ?? "(none)"} but its content hashes to {digest.Computed}.");
        }

        var props = ModelProto.Parser.ParseFrom(bytes).MetadataProps.ToDictionary(p => p.Key, p => p.Value);
        if (!props.TryGetValue(ModelMetadataKeys.Metrics, out string? metricsText) || !props.TryGetValue(ModelMetadataKeys.Training, out string? trainingText))
        {
            throw new InvalidDataException($"{path}: --recipe-check model has no {ModelMetadataKeys.Metrics}/{ModelMetadataKeys.Training} metadata.");
        }

        string ourWindow = windowFrames.ToString(CultureInfo.InvariantCulture);
        if (props.GetValueOrDefault(ModelMetadataKeys.WindowFrames) != ourWindow)
        {
            throw new InvalidDataException($"{path}: --recipe-check model reads windows of {props.GetValueOrDefault(ModelMetadataKeys.WindowFrames) ?? "(none)"} frames, this model {ourWindow}.");
        }

        JsonObject theirs = MetadataJson.Object(path, ModelMetadataKeys.Training, trainingText);
        JsonObject metrics = MetadataJson.Object(path, ModelMetadataKeys.Metrics, metricsText);
        foreach (string key in new[] { "epochs", "recipe", "architecture", "seed" })
        {
            if (!JsonNode.DeepEquals(theirs[key], ours[key]))
            {
                throw new InvalidDataException($"{path}: --recipe-check model differs in '{key}': {theirs[key]?.ToJsonString()} vs {ours[key]?.ToJsonString()}.");
            }
        }

        JsonNode? theirDistillation = DistillationRecipe(theirs), ourDistillation = DistillationRecipe(ours);
        if (!JsonNode.DeepEquals(theirDistillation, ourDistillation))
        {
            throw new InvalidDataException($"{path}: --recipe-check model differs in 'distillation': {theirDistillation?.ToJsonString() ?? "none"} vs {ourDistillation?.ToJsonString() ?? "none"}.");
        }

        JsonObject held = metrics["held_out"] as JsonObject
            ?? throw new InvalidDataException($"{path}: --recipe-check model has no held-out metrics.");
        if (held.Count == 0)
        {
            throw new InvalidDataException($"{path}: --recipe-check model was trained without a held-out fold.");
        }

        log.WriteLine($"recipe check: {path} held-out {held.ToJsonString()}");
        return new JsonObject
        {
            ["file"] = Path.GetFileName(path),
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            ["trained_on"] = theirs["folds"]?.DeepClone(),
            ["held_out"] = held.DeepClone(),
            ["f1_per_class"] = metrics["held_out_int8_f1_per_class"]?.DeepClone(),
        };
    }

    /// <summary>
    /// The distillation part of a recipe: weight, temperature and the number of teachers. Which teachers differs by
    /// design between a recipe check (teachers that did not see its held-out fold) and the final model.
    /// </summary>
    private static JsonObject? DistillationRecipe(JsonObject training)
    {
        if (training["distillation"] is not JsonObject d)
        {
            return null;
        }

        return new JsonObject
        {
            ["weight"] = d["weight"]?.DeepClone(),
            ["temperature"] = d["temperature"]?.DeepClone(),
            ["teachers"] = (d["teachers"] as JsonArray)?.Count ?? 0,
        };
    }
}
