namespace EdgeSound.Inference;

/// <summary>A model file that cannot be used: unreadable, not ONNX, or not shaped like an EdgeSound model.
/// The message starts with the file's path; <see cref="Exception.InnerException"/> holds ORT's error if any.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException(string modelPath, string problem, Exception? inner = null)
        : base($"{modelPath}: {problem}", inner)
    {
        ModelPath = modelPath;
    }

    public string ModelPath { get; }
}
