using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSound.Dsp.Decision;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;
using EdgeSound.Learning.Data;
using EdgeSound.Learning.Metrics;
using EdgeSound.Learning.Neural;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// The model file's <c>metadata_props</c>: labels, transfer base, frontend configuration, input window, and the
/// training and metrics JSON (keys from <see cref="ModelMetadataKeys"/>), so the file alone configures the daemon.
/// </summary>
internal static class TrainingMetadata
{
    /// <summary>Every metadata entry in file order, the training and metrics JSON as given.</summary>
    public static List<KeyValuePair<string, string>> Entries(string[] labels, BaseModel? baseModel, TrainOptions o, FrontendConfig frontend, WindowPlan plan,
        string trainingJson, string metricsJson)
    {
        var metadata = new List<KeyValuePair<string, string>>
        {
            new(ModelMetadataKeys.Labels, JsonSerializer.Serialize(labels)),
        };
        if (baseModel is not null)
        {
            metadata.Add(new(ModelMetadataKeys.Base, new JsonObject
            {
                ["file"] = Path.GetFileName(o.Base),
                ["sha256"] = baseModel.Sha256,
                ["fine_tune"] = o.FineTuneAll ? "all" : "head",
            }.ToJsonString()));
        }

        metadata.AddRange(frontend.ToMetadata());
        metadata.Add(new(ModelMetadataKeys.WindowFrames, plan.WindowFrames.ToString(CultureInfo.InvariantCulture)));
        metadata.Add(new(ModelMetadataKeys.HopFrames, plan.HopFrames.ToString(CultureInfo.InvariantCulture)));
        metadata.Add(new(ModelMetadataKeys.MaxSilentFraction, plan.MaxSilentFraction.ToString("R", CultureInfo.InvariantCulture)));
        metadata.Add(new(ModelMetadataKeys.LevelWeightExponent, plan.LevelWeightExponent.ToString("R", CultureInfo.InvariantCulture)));
        metadata.Add(new(ModelMetadataKeys.Training, trainingJson));
        metadata.Add(new(ModelMetadataKeys.Metrics, metricsJson));
        return metadata;
    }

    /// <summary>
    /// The training JSON: folds, commands, timings (seconds, samples per second), seed, parameter count, architecture,
    /// recipe and, with teachers, the distillation.
    /// </summary>
    public static string TrainingJson(TrainOptions o, List<int> trainFolds, CnnArchitecture a, TrainingRecipe r, CnnModel model,
        TrainingStats stats, double totalSeconds)
    {
        var json = new JsonObject
        {
            ["folds"] = new JsonArray([.. trainFolds.Select(f => (JsonNode)f)]),
            ["validation_fold"] = o.ValidationFold,
            ["cross_validation"] = o.CrossValidate,
            ["epochs"] = r.Epochs,
            ["command"] = stats.Command,
            ["export_command"] = o.Command,
            ["seconds"] = Math.Round(stats.TrainingSeconds, 1),
            ["command_seconds"] = Math.Round(totalSeconds, 1),
            ["samples_per_second"] = Math.Round(stats.SamplesPerSecond, 1),
            ["epoch_seconds"] = Math.Round(stats.EpochSeconds, 2),
            ["threads"] = stats.Threads,
            ["seed"] = r.Seed,
            ["parameters"] = model.Network.ParameterCount,
            ["architecture"] = Architecture(a),
            ["recipe"] = Recipe(r),
        };
        if (Distillation(o, r) is { } distillation)
        {
            json["distillation"] = distillation;
        }

        return json.ToJsonString();
    }

    /// <summary>
    /// What names a recipe, as the training JSON records it: <c>epochs</c>, <c>seed</c>, <c>architecture</c>,
    /// <c>recipe</c> and (with teachers) <c>distillation</c>. Known before training, so <c>--recipe-check</c> models
    /// are compared with it before any epoch runs.
    /// </summary>
    public static JsonObject RecipeIdentity(TrainOptions o, CnnArchitecture a, TrainingRecipe r)
    {
        var json = new JsonObject
        {
            ["epochs"] = r.Epochs,
            ["seed"] = r.Seed,
            ["architecture"] = Architecture(a),
            ["recipe"] = Recipe(r),
        };
        if (Distillation(o, r) is { } distillation)
        {
            json["distillation"] = distillation;
        }

        return json;
    }

    /// <summary>The <c>recipe</c> object of the training JSON: optimisation and augmentation.</summary>
    private static JsonObject Recipe(TrainingRecipe r)
    {
        var json = new JsonObject
        {
            ["batch_size"] = r.BatchSize,
            ["crops_per_clip"] = r.CropsPerClip,
            ["optimizer"] = "AdamW",
            ["max_learning_rate"] = r.MaxLearningRate,
            ["schedule"] = $"one-cycle (warm-up {r.WarmupFraction:P0}, cosine)",
            ["weight_decay"] = r.WeightDecay,
            ["gain_db"] = Gain(r),
            ["time_masks"] = $"{r.TimeMasks} x <= {r.MaxTimeMask} frames",
            ["frequency_masks"] = $"{r.FrequencyMasks} x <= {r.MaxFrequencyMask} bands",
            ["mixup"] = $"p={r.MixupProbability}, Beta({r.MixupAlpha},{r.MixupAlpha})",
            ["background_noise"] = $"p={r.NoiseProbability}, {r.MinNoiseSnrDb}-{r.MaxNoiseSnrDb} dB below the crop's peak",
        };
        if (r.WeightAverageDecay > 0)
        {
            json["weight_average"] = $"EMA decay {r.WeightAverageDecay} per step, batch norm re-estimated on {r.BatchNormRefreshBatches} batches";
        }

        if (r.BackgroundCropProbability > 0)
        {
            json["background_crops"] = $"p={r.BackgroundCropProbability}, {r.MinBackgroundDbfs} to {r.MaxBackgroundDbfs} dBFS, " + NoiseOnlyTarget(r);
        }

        return json;
    }

    /// <summary>The gain range: one number G for ±G dB (as every model before <c>--gain</c> records it), else [min, max].</summary>
    private static JsonNode Gain(TrainingRecipe r) => r.SymmetricGain ? JsonValue.Create(r.MaxGainDb) : new JsonArray(r.MinGainDb, r.MaxGainDb);

    /// <summary>The <c>distillation</c> object (teachers with their SHA-256, weight, temperature, hop), or null without teachers.</summary>
    private static JsonObject? Distillation(TrainOptions o, TrainingRecipe r) => o.Teachers.Count == 0 ? null : new JsonObject
    {
        ["teachers"] = new JsonArray([.. TeacherModels.Describe(o.Teachers).Select(t => (JsonNode)new JsonObject { ["file"] = t.File, ["sha256"] = t.Sha256 })]),
        ["weight"] = r.DistillationWeight,
        ["temperature"] = r.DistillationTemperature,
        ["hop_frames"] = TeacherModels.HopFrames,
    };

    /// <summary>
    /// The <c>architecture</c> object of the training JSON: channels, pool, dropout, input scale, <c>separable</c>
    /// only when a block is depthwise-separable and <c>global_pooling</c> only when it is not the average (so a model of
    /// full blocks and average pooling records what it always did, and its recipe checks still compare equal). <c>--recipe-check</c> compares this object whole.
    /// </summary>
    private static JsonObject Architecture(CnnArchitecture a)
    {
        var json = new JsonObject
        {
            ["channels"] = new JsonArray([.. a.Channels.Select(c => (JsonNode)c)]),
            ["pool"] = new JsonArray([.. a.Pool.Select(p => (JsonNode)p)]),
            ["dropout"] = a.DropoutRate,
            ["input_scale"] = a.InputScale,
        };
        if (a.Separable.Contains(true))
        {
            json["separable"] = new JsonArray([.. a.Separable.Select(d => (JsonNode)d)]);
        }

        if (a.GlobalPooling != GlobalPooling.Average)
        {
            json["global_pooling"] = a.GlobalPooling.Name();
        }

        return json;
    }

    /// <summary>What noise-only windows are trained towards: "flat target", or "target background" for data with that class.</summary>
    public static string NoiseOnlyTarget(TrainingRecipe r) => r.BackgroundClass is null ? "flat target" : $"target {ClipFolderDataset.Background}";

    /// <summary>
    /// The fold metrics JSON: per held-out and training fold its clips, float/int8 accuracy and macro-F1 (0..1, 4
    /// places), the int8 parameter bytes and, with held-out folds, their clip-weighted accuracies.
    /// </summary>
    public static string MetricsJson(List<FoldResult> heldOut, List<FoldResult> training, QuantizedCnn quantized)
    {
        static JsonObject Fold(FoldResult f) => new()
        {
            ["clips"] = f.Clips,
            ["float_accuracy"] = Math.Round(f.FloatAccuracy, 4),
            ["int8_accuracy"] = Math.Round(f.Int8Accuracy, 4),
            ["float_macro_f1"] = Math.Round(f.FloatMacroF1, 4),
            ["int8_macro_f1"] = Math.Round(f.Int8MacroF1, 4),
        };

        var held = new JsonObject();
        foreach (FoldResult f in heldOut)
        {
            held[f.Fold.ToString(CultureInfo.InvariantCulture)] = Fold(f);
        }

        var train = new JsonObject();
        foreach (FoldResult f in training)
        {
            train[f.Fold.ToString(CultureInfo.InvariantCulture)] = Fold(f);
        }

        var json = new JsonObject
        {
            ["held_out"] = held,
            ["training_folds"] = train,
            ["int8_parameter_bytes"] = quantized.ParameterBytes,
        };
        if (heldOut.Count > 0)
        {
            json["held_out_float_accuracy"] = Math.Round(FoldResult.Weighted(heldOut, f => f.FloatAccuracy), 4);
            json["held_out_int8_accuracy"] = Math.Round(FoldResult.Weighted(heldOut, f => f.Int8Accuracy), 4);
        }

        return json.ToJsonString();
    }

    /// <summary>
    /// The final metrics JSON: <paramref name="metricsJson"/> plus the held-out int8 F1 per class (3 places, when a fold
    /// was held out), the ONNX Runtime agreement and the recipe checks quoted (when any).
    /// </summary>
    public static string FinalMetricsJson(string metricsJson, ClassificationReport? heldOutReport, string[] labels, JsonObject agreement, List<JsonObject> checks)
    {
        JsonObject metrics = JsonNode.Parse(metricsJson)!.AsObject();
        if (heldOutReport is not null)
        {
            var perClass = new JsonObject();
            for (int c = 0; c < labels.Length; c++)
            {
                perClass[labels[c]] = Math.Round(heldOutReport.F1[c], 3);
            }

            metrics["held_out_int8_f1_per_class"] = perClass;
        }

        metrics["onnxruntime_agreement"] = agreement;
        if (checks.Count > 0)
        {
            metrics["recipe_check"] = RecipeChecks.Quoted(checks);
        }

        return metrics.ToJsonString();
    }
}
