namespace EdgeSound.Daemon.Tests.Deploy;

/// <summary>Files of the repository (the folder holding EdgeSound.sln) found from the test binaries.</summary>
internal static class RepoFiles
{
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "EdgeSound.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, relative);
            }
        }

        throw new DirectoryNotFoundException("repository root (EdgeSound.sln) not found above " + AppContext.BaseDirectory);
    }
}
