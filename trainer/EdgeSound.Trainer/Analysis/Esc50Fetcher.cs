using System.IO.Compression;
using System.Net.Http.Headers;

namespace EdgeSound.Trainer.Analysis;

/// <summary>Failure of <see cref="Esc50Fetcher"/>; the message says what to do instead.</summary>
public sealed class FetchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Downloads the official ESC-50 archive (or reads it from a file:// URI) and unpacks <c>audio/</c> and
/// <c>meta/</c> into the output folder, then checks the published layout: the CSV header and every listed WAV.
/// </summary>
public sealed class Esc50Fetcher(TextWriter log)
{
    public const string OfficialUrl = "https://github.com/karolpiczak/ESC-50/archive/master.zip";
    private const string MetaFile = "meta/esc50.csv";
    private const string ExpectedHeader = "filename,fold,target,category,esc10,src_file,take";

    /// <summary>How long connecting to the server may take before fetch gives up.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <returns>number of clips listed in meta/esc50.csv, all present.</returns>
    public async Task<int> FetchAsync(Uri source, string outDir, CancellationToken cancel)
    {
        Directory.CreateDirectory(outDir);
        string archive = Path.Combine(outDir, ".esc50-archive.zip.part");
        try
        {
            if (source.IsFile) await CopyLocalAsync(source.LocalPath, archive, cancel);
            else await DownloadAsync(source, archive, outDir, cancel);
            Unpack(archive, outDir);
        }
        finally
        {
            File.Delete(archive);
        }
        return CheckLayout(outDir);
    }

    /// <summary>Checks <c>meta/esc50.csv</c> (header) and that every WAV it lists is in <c>audio/</c>.</summary>
    /// <returns>number of clips listed.</returns>
    public static int CheckLayout(string dir)
    {
        string csv = Path.Combine(dir, MetaFile);
        if (!File.Exists(csv)) throw new FetchException($"{csv}: missing; the folder is not in the ESC-50 layout (audio/*.wav, {MetaFile}).");
        using var reader = new StreamReader(csv);
        string header = reader.ReadLine() ?? "";
        if (!header.Trim().Equals(ExpectedHeader, StringComparison.Ordinal))
            throw new FetchException($"{csv}: header is '{header}', expected '{ExpectedHeader}'.");
        int clips = 0;
        var missing = new List<string>();
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.Length == 0) continue;
            string file = line[..Math.Max(0, line.IndexOf(',', StringComparison.Ordinal))];
            clips++;
            if (file.Length == 0 || !File.Exists(Path.Combine(dir, "audio", file))) missing.Add(file.Length == 0 ? $"(row {clips})" : file);
        }
        if (missing.Count > 0)
            throw new FetchException($"{csv}: {missing.Count} of {clips} listed files are missing from audio/, first: {string.Join(", ", missing.Take(5))}.");
        return clips;
    }

    private async Task CopyLocalAsync(string path, string target, CancellationToken cancel)
    {
        if (!File.Exists(path)) throw new FetchException($"{path}: archive not found.");
        await using var input = File.OpenRead(path);
        await CopyWithProgressAsync(input, input.Length, target, cancel);
    }

    private async Task DownloadAsync(Uri url, string target, string outDir, CancellationToken cancel)
    {
        string byHand = $"download it by hand from {url} and unzip into {outDir}";
        using var handler = new SocketsHttpHandler { ConnectTimeout = ConnectTimeout };
        using var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("EdgeSound", "1.0"));
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancel);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            throw new FetchException($"cannot reach {url.Host}: {e.Message}; {byHand}", e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
                throw new FetchException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}; {byHand}");
            await using var body = await response.Content.ReadAsStreamAsync(cancel);
            try
            {
                await CopyWithProgressAsync(body, response.Content.Headers.ContentLength ?? 0, target, cancel);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !cancel.IsCancellationRequested)
            {
                throw new FetchException($"download from {url.Host} broke off: {e.Message}; {byHand}", e);
            }
        }
    }

    private async Task CopyWithProgressAsync(Stream input, long length, string target, CancellationToken cancel)
    {
        var bar = new ProgressBar(log, "download", length);
        await using var output = File.Create(target);
        var buffer = new byte[1 << 16];
        long done = 0;
        for (int n; (n = await input.ReadAsync(buffer, cancel)) > 0;)
        {
            await output.WriteAsync(buffer.AsMemory(0, n), cancel);
            done += n;
            bar.Set(done);
        }
        bar.Finish();
    }

    private void Unpack(string archivePath, string outDir)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(archivePath);
        }
        catch (InvalidDataException e)
        {
            throw new FetchException($"the downloaded archive is not a valid zip: {e.Message}", e);
        }
        using (zip)
        {
            var meta = zip.Entries.FirstOrDefault(e => e.FullName == MetaFile || e.FullName.EndsWith("/" + MetaFile, StringComparison.Ordinal))
                ?? throw new FetchException($"the archive holds no {MetaFile}; it is not the ESC-50 archive.");
            string prefix = meta.FullName[..^MetaFile.Length];
            string root = Path.GetFullPath(outDir) + Path.DirectorySeparatorChar;
            var wanted = zip.Entries.Where(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal) && e.Name.Length > 0)
                .Where(e => e.FullName[prefix.Length..].StartsWith("audio/", StringComparison.Ordinal) || e.FullName[prefix.Length..].StartsWith("meta/", StringComparison.Ordinal))
                .ToList();
            var bar = new ProgressBar(log, "unzip", wanted.Count);
            foreach (var entry in wanted)
            {
                string target = Path.GetFullPath(Path.Combine(outDir, entry.FullName[prefix.Length..]));
                if (!target.StartsWith(root, StringComparison.Ordinal))
                    throw new FetchException($"archive entry '{entry.FullName}' points outside {outDir}; refusing to unpack it.");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target, overwrite: true);
                bar.Advance();
            }
            bar.Finish();
        }
    }
}
