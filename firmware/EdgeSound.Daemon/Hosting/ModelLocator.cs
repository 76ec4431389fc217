namespace EdgeSound.Daemon.Hosting;

/// <summary>Finds the model: the configured path, else the shipped one in <c>models/</c> beside the program.</summary>
public static class ModelLocator
{
    /// <summary>The shipped model's file name (firmware/models/, copied to the output's models/ folder).</summary>
    public const string ShippedName = "edgesound.onnx";

    public static string Resolve(string configured, string appDirectory)
    {
        if (configured.Length > 0)
        {
            return Path.GetFullPath(configured);
        }

        var dir = Path.Combine(appDirectory, "models");
        var shipped = Path.Combine(dir, ShippedName);
        if (File.Exists(shipped))
        {
            return shipped;
        }

        if (Directory.Exists(dir))
        {
            var candidates = Directory.GetFiles(dir, "*.onnx");
            Array.Sort(candidates, StringComparer.Ordinal);
            if (candidates.Length > 0)
            {
                return candidates[0];
            }
        }

        return shipped;
    }
}
