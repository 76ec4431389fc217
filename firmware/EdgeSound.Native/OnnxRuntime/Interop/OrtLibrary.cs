using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

[assembly: InternalsVisibleTo("EdgeSound.Native.Tests")]

namespace EdgeSound.Native.OnnxRuntime.Interop;

/// <summary>
/// Finds and loads <c>libonnxruntime.so.1</c> and returns its C API table. The only symbol looked up by name is
/// <c>OrtGetApiBase</c>; everything else is reached through the versioned table of function pointers.
/// Search order: the application directory (where the build copies the library), then the environment variable
/// <c>ES_ONNXRUNTIME_PATH</c> (the library file, or a folder holding it), then the system loader's own search.
/// </summary>
internal static unsafe class OrtLibrary
{
    public const string FileName = "libonnxruntime.so.1";
    public const string PathVariable = "ES_ONNXRUNTIME_PATH";

    /// <summary>The C API version requested from <c>OrtApiBase::GetApi</c> (ONNX Runtime 1.17 and later provide it).</summary>
    public const uint ApiVersion = 17;

    private static readonly Lazy<(nint Library, nint Api, string Path, string Version)> Loaded =
        new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Pointer to the <c>OrtApi</c> struct.</summary>
    public static nint Api => Loaded.Value.Api;

    /// <summary>Where the library was loaded from (a path, or the bare name when the system loader found it).</summary>
    public static string LoadedFrom => Loaded.Value.Path;

    /// <summary>The library's own version string, for example "1.30.0".</summary>
    public static string Version => Loaded.Value.Version;

    private static (nint, nint, string, string) Load()
    {
        var tried = new List<string>();
        foreach (string candidate in Candidates(AppContext.BaseDirectory, Environment.GetEnvironmentVariable(PathVariable)))
        {
            tried.Add(candidate);
            if (NativeLibrary.TryLoad(candidate, out nint handle))
            {
                return Bind(handle, candidate);
            }
        }

        throw new DllNotFoundException(
            $"ONNX Runtime ({FileName}) was not found. Tried: {string.Join(", ", tried)}. "
            + $"Run deploy/fetch-onnxruntime.sh (the build does this itself) or set {PathVariable} to the library file.");
    }

    /// <summary>Paths tried in order: the application directory, <c>ES_ONNXRUNTIME_PATH</c> (file or folder), then
    /// bare names for the system loader (LD_LIBRARY_PATH, ld.so cache).</summary>
    internal static IEnumerable<string> Candidates(string appDirectory, string? fromEnv)
    {
        yield return Path.Combine(appDirectory, FileName);
        if (!string.IsNullOrWhiteSpace(fromEnv))
        {
            yield return Directory.Exists(fromEnv) ? Path.Combine(fromEnv, FileName) : fromEnv;
        }

        yield return FileName;
        yield return "libonnxruntime.so";
    }

    private static (nint, nint, string, string) Bind(nint handle, string path)
    {
        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out nint getApiBase))
        {
            throw new EntryPointNotFoundException($"{path} has no OrtGetApiBase export; it is not an ONNX Runtime library.");
        }

        // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }
        nint* apiBase = ((delegate* unmanaged<nint*>)getApiBase)();
        var getApi = (delegate* unmanaged<uint, nint>)apiBase[0];
        var getVersion = (delegate* unmanaged<byte*>)apiBase[1];
        string version = Marshal.PtrToStringUTF8((nint)getVersion()) ?? "?";
        nint api = getApi(ApiVersion);
        if (api == 0)
        {
            throw new DllNotFoundException(
                $"{path} is ONNX Runtime {version}, which does not provide C API version {ApiVersion}; use 1.17 or later.");
        }

        return (handle, api, path, version);
    }
}
