using System.Text.Json.Nodes;
using EdgeSound.Inference;
using EdgeSound.Learning.Neural;
using Microsoft.ML.OnnxRuntime;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// Checks an exported model in ONNX Runtime (the inference library the device uses) against the trainer's int8
/// simulation, clip by clip through the device's clip decision.
/// </summary>
internal static class RuntimeAgreement
{
    /// <summary>
    /// Loads the exported file and compares its clip decision with the int8 simulation's on <paramref name="clips"/>
    /// (all of one fold). Returns the <c>onnxruntime_agreement</c> metrics object: <c>checked</c>, <c>fold</c>,
    /// <c>clips</c>, <c>same_class</c>, <c>max_score_difference</c> (probability, rounded to 6 places) and
    /// <c>different_class_clips</c>; or <c>checked</c> false with the <c>reason</c> when ONNX Runtime's native library
    /// is missing on this machine (the check cannot run here, the model may still be fine).
    /// </summary>
    /// <exception cref="InvalidDataException">ONNX Runtime refuses the exported file: the device would refuse it too, so
    /// the run must not end as a success (the file stays for inspection).</exception>
    public static JsonObject Check(string modelPath, List<LabeledFrames> clips, ClipPredictions simulated, TextWriter log)
    {
        try
        {
            using SoundClassifier classifier = SoundClassifier.Load(modelPath);
            int same = 0;
            double maxDifference = 0;
            var changed = new JsonArray();
            for (int i = 0; i < clips.Count; i++)
            {
                float[] scores = ClipClassifier.Classify(classifier, clips[i].Frames);
                int predicted = ClipEvaluator.ArgMax(scores);
                if (predicted == simulated.Predicted[i])
                {
                    same++;
                }
                else
                {
                    changed.Add(clips[i].Name);
                }

                for (int c = 0; c < scores.Length; c++)
                {
                    maxDifference = Math.Max(maxDifference, Math.Abs(scores[c] - simulated.Scores[i][c]));
                }
            }

            log.WriteLine($"onnxruntime: same class as the int8 simulation on {same}/{clips.Count} clips of fold {clips[0].Fold}, max score difference {maxDifference:G3}");
            return new JsonObject
            {
                ["checked"] = true,
                ["fold"] = clips[0].Fold,
                ["clips"] = clips.Count,
                ["same_class"] = same,
                ["max_score_difference"] = Math.Round(maxDifference, 6),
                ["different_class_clips"] = changed,
            };
        }
        catch (Exception e) when (e is ModelLoadException or OnnxRuntimeException)
        {
            throw new InvalidDataException($"{modelPath}: ONNX Runtime cannot load the exported model, so the device could not either (the file is left for inspection): {e.Message}", e);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            log.WriteLine($"onnxruntime: check skipped, its native library is not usable here: {e.Message}");
            return new JsonObject { ["checked"] = false, ["reason"] = e.Message };
        }
    }
}
