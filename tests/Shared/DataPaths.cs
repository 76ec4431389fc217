using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Tests.Shared;

/// <summary>Finds /work/shared/data as ../shared/data beside the repository (the folder holding EdgeSound.sln).</summary>
internal static class DataPaths
{
    public static string? Find(string subFolder, ITestOutputHelper output)
    {
        string? path;
        try
        {
            path = Path.GetFullPath(Path.Combine(RepoPaths.Root(), "..", "shared", "data", subFolder));
        }
        catch (DirectoryNotFoundException)
        {
            path = null;
        }

        bool exists = path is not null && Directory.Exists(path);
        if (Environment.GetEnvironmentVariable("ES_REQUIRE_DATA") == "1")
        {
            Assert.True(exists, $"ES_REQUIRE_DATA=1 but the data folder {path ?? "../shared/data"} does not exist");
        }

        if (!exists)
        {
            output.WriteLine($"SKIPPED: data folder {path ?? "../shared/data (repository root not found)"} does not exist");
            return null;
        }

        return path;
    }
}
