namespace EdgeSound.Dsp.Files;

/// <summary>
/// Writes a file whole or not at all: the content goes to a temporary file beside it, which replaces the file only
/// once it is complete. A write that fails (a full disk, an interrupted run) leaves the previous file as it was and
/// removes the partial temporary file, so a model, checkpoint, table or report on disk is never half-written.
/// A symbolic link at the path is followed to its final target, which is replaced (the link stays); a path that is not
/// a regular file (a device, FIFO, socket or directory) is refused, never replaced; missing folders are created.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>.</summary>
    /// <exception cref="IOException">the file cannot be written; <paramref name="path"/> is unchanged.</exception>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> as UTF-8 without a byte order mark.</summary>
    /// <exception cref="IOException">the file cannot be written; <paramref name="path"/> is unchanged.</exception>
    public static void WriteAllText(string path, string text) => WriteAllBytes(path, Utf8.GetBytes(text));

    /// <summary>Writes what <paramref name="write"/> puts into a UTF-8 (no byte order mark) text writer to <paramref name="path"/>.</summary>
    /// <exception cref="IOException">the file cannot be written; <paramref name="path"/> is unchanged.</exception>
    public static void WriteText(string path, Action<TextWriter> write) => Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, Utf8, leaveOpen: true);
        write(writer);
    });

    private static readonly System.Text.UTF8Encoding Utf8 = new(false);

    /// <summary>The absolute path a write to <paramref name="path"/> replaces: the final target when it is a symbolic link.</summary>
    /// <exception cref="IOException">the links loop; the message names <paramref name="path"/>.</exception>
    public static string Target(string path)
    {
        string full = Path.GetFullPath(path);
        if (new FileInfo(full).LinkTarget is null)
        {
            return full;
        }

        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (IOException e)
        {
            throw new IOException($"{path}: cannot follow its symbolic link: {e.Message}", e);
        }
    }

    /// <summary>Writes what <paramref name="write"/> puts into the stream to <paramref name="path"/>.</summary>
    /// <param name="held">A temporary file beside <paramref name="path"/> that already holds the disk space
    /// (preallocated): written from its start, cut to what was written and renamed into place, so a full disk refuses
    /// the space when it is held, not the write. Null: a new temporary file.</param>
    /// <exception cref="IOException">the file cannot be written or is not a regular file; <paramref name="path"/> is
    /// unchanged and the message names it.</exception>
    public static void Write(string path, Action<Stream> write, string? held = null)
    {
        if (FileKind.NotRegular(path) is { } kind)
        {
            throw new IOException($"{path} {kind}");
        }

        string full = Target(path);

        if (Path.GetDirectoryName(full) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }

        string temporary = held ?? Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, held is null ? FileMode.Create : FileMode.Open, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.SetLength(stream.Position);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (IOException e)
        {
            File.Delete(temporary);
            throw new IOException(e.Message.Replace(temporary, full, StringComparison.Ordinal), e);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
