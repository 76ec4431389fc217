namespace EdgeSound.Tests.Shared;

/// <summary>The repository checkout the tests run from: the folder holding EdgeSound.sln above the test binary.</summary>
internal static class RepoPaths
{
    /// <summary>The repository root.</summary>
    /// <exception cref="DirectoryNotFoundException">No folder above the test binary holds EdgeSound.sln.</exception>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "EdgeSound.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("repository root (EdgeSound.sln) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A path inside the repository, from its root.</summary>
    public static string File(string relative) => Path.Combine(Root(), relative);
}
