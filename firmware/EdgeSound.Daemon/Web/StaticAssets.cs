using System.Reflection;

namespace EdgeSound.Daemon.Web;

/// <summary>
/// The dashboard's page, script and style sheet, embedded in the daemon's assembly (<c>Web/wwwroot</c>, resource
/// names <c>wwwroot/NAME</c>): no files to install, no build step, nothing fetched from elsewhere.
/// </summary>
public static class StaticAssets
{
    /// <summary>Served names and their media types.</summary>
    public static IReadOnlyDictionary<string, string> Files { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["app.css"] = "text/css; charset=utf-8",
    };

    /// <summary>The bytes of <paramref name="name"/> (one of <see cref="Files"/>).</summary>
    /// <exception cref="FileNotFoundException">The resource is not in the assembly (a build fault).</exception>
    public static byte[] Read(string name)
    {
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream("wwwroot/" + name)
            ?? throw new FileNotFoundException("dashboard resource missing from the assembly", name);
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
