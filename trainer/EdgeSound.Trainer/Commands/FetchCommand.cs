using System.CommandLine;
using EdgeSound.Trainer.Analysis;

namespace EdgeSound.Trainer.Commands;

/// <summary><c>fetch --out DIR [--url URL]</c>: download and unpack ESC-50 in its published layout.</summary>
internal static class FetchCommand
{
    public static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = "Folder to unpack ESC-50 into (audio/, meta/).", Required = true };
        var url = new Option<string>("--url")
        {
            Description = "Archive to fetch (http(s):// or file://).",
            DefaultValueFactory = _ => Esc50Fetcher.OfficialUrl,
        };
        var command = new Command("fetch", "Download and unpack the official ESC-50 archive (K. J. Piczak, CC BY-NC 3.0).") { outDir, url };
        command.SetAction(async (parse, cancel) =>
        {
            var error = parse.InvocationConfiguration.Error;
            string dir = parse.GetRequiredValue(outDir);
            string address = parse.GetRequiredValue(url);
            if (!Uri.TryCreate(address, UriKind.Absolute, out var source) || source.Scheme is not ("http" or "https" or "file"))
            {
                await error.WriteLineAsync($"fetch failed: --url '{address}' is not an absolute http(s):// or file:// URL.");
                return 2;
            }

            try
            {
                OutputPath.CheckDirectory("--out", dir);
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync($"fetch failed: {ErrorLine.Message(e)}");
                return 2;
            }

            try
            {
                int clips = await new Esc50Fetcher(error).FetchAsync(source, dir, cancel);
                await error.WriteLineAsync($"ESC-50 ready in {dir}: {clips} clips (ESC-50 by Karol J. Piczak, CC BY-NC 3.0).");
                return 0;
            }
            catch (FetchException e)
            {
                await error.WriteLineAsync($"fetch failed: {ErrorLine.Message(e)}");
                return 1;
            }
        });
        return command;
    }
}
