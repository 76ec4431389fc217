using System.Security.Cryptography;
using EdgeSound.Dsp.Frontend;
using EdgeSound.Inference;
using EdgeSound.Learning.Neural;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// Loads <c>train --base</c>: an EdgeSound int8 ONNX model (dequantized, <see cref="CnnOnnxImporter"/>) or a float
/// checkpoint saved with <c>--save-float</c>, and refuses one whose input would not be the frames this trainer makes.
/// </summary>
internal static class TransferBase
{
    /// <summary>
    /// Reads the base. An ONNX base must carry exactly this trainer's <c>frontend.*</c> metadata and an
    /// <c>edgesound.window_frames</c> equal to its input's frames; a checkpoint carries no frontend metadata, so only
    /// its bands are checked. The new model reads windows of the base's length. A mismatch throws
    /// <see cref="InvalidDataException"/> naming the file, the key and both values.
    /// </summary>
    public static BaseModel Load(string path, FrontendConfig frontend)
    {
        if (Directory.Exists(path))
        {
            throw new IOException($"{path}: --base is a directory; give the model file in it (an EdgeSound .onnx model or a --save-float checkpoint)");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: --base model not found", path);
        }

        if (new FileInfo(path).Length == 0)
        {
            throw new InvalidDataException($"{path}: --base model is empty (0 bytes): not an ONNX model or a checkpoint; give a model made by train (a copy that did not finish?)");
        }

        BaseModel model;
        if (Path.GetExtension(path).Equals(".onnx", StringComparison.OrdinalIgnoreCase))
        {
            Verify(path);
            model = CnnOnnxImporter.Read(path);
            foreach ((string key, string ours) in frontend.ToMetadata())
            {
                string theirs = model.Metadata.TryGetValue(key, out string? v) ? v : "missing";
                if (theirs != ours)
                {
                    throw new InvalidDataException(
                        $"{path}: the base model's frontend differs from this trainer's: {key} is '{theirs}' there and '{ours}' here; a new head can only build on the frames the base learned from");
                }
            }

            string frames = model.Metadata.GetValueOrDefault(ModelMetadataKeys.WindowFrames, "missing");
            if (frames != model.Model.Architecture.Frames.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                throw new InvalidDataException($"{path}: the base model's {ModelMetadataKeys.WindowFrames} is '{frames}' but its input takes {model.Model.Architecture.Frames} frames");
            }
        }
        else
        {
            (CnnModel float32, _) = CnnCheckpoint.Load(path);
            model = new BaseModel(float32, new Dictionary<string, string>(), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path))), BatchNormFolded: false);
        }

        CnnArchitecture a = model.Model.Architecture;
        if (a.Bands != frontend.MelBands)
        {
            throw new InvalidDataException($"{path}: the base model reads {a.Bands} mel bands, this trainer's frontend makes {frontend.MelBands}");
        }

        return model;
    }

    /// <summary>
    /// Refuses an ONNX base whose recorded SHA-256 (<see cref="ModelDigest"/>) is missing or does not match its content,
    /// as <c>--teacher</c>, <c>--recipe-check</c> and the device do: a damaged or altered file must not seed a model.
    /// </summary>
    private static void Verify(string path)
    {
        ModelDigest digest = ModelDigest.Of(File.ReadAllBytes(path), $"{path}: --base model");

        if (!digest.Matches)
        {
            throw new InvalidDataException(digest.Recorded is null
                ? $"{path}: --base model records no SHA-256 (its content hashes to {digest.Computed}); a model made by hand needs `seal --model FILE` first"
                : $"{path}: --base model records SHA-256 {digest.Recorded} but its content hashes to {digest.Computed} (damaged or altered file)");
        }
    }
}
