using EdgeSound.Dsp.Files;
using EdgeSound.Learning.Neural;
using EdgeSound.Learning.Tests.Neural;
using EdgeSound.Tests.Shared;
using Xunit;

namespace EdgeSound.Learning.Tests.Files;

/// <summary>A model, card, checkpoint, table or report is replaced whole or not at all: a write that fails part-way (a full disk)
/// leaves the previous file and no partial one.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_write_that_fails_part_way_keeps_the_previous_file_and_leaves_no_partial_file()
    {
        string path = Path.Combine(_dir, "mine.onnx");
        File.WriteAllBytes(path, [1, 2, 3]);

        var ex = Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[4096]);
            throw new IOException($"No space left on device : '{((FileStream)stream).Name}'");
        }));

        Assert.Equal($"No space left on device : '{path}'", ex.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_complete_write_replaces_the_file_and_leaves_nothing_beside_it()
    {
        string path = Path.Combine(_dir, "mine.ckpt");
        File.WriteAllBytes(path, [1, 2, 3]);

        CnnCheckpoint.Save(CnnModel.Create(TinyProblemTests.Tiny, 1), path, "{}");

        Assert.Equal("{}", CnnCheckpoint.Load(path).Note);
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Text_is_written_as_utf8_without_a_byte_order_mark_and_a_failing_writer_keeps_the_previous_text()
    {
        string path = Path.Combine(_dir, "features.csv");
        AtomicFile.WriteAllText(path, "label,é\n");
        Assert.Equal("label,\u00e9\n"u8.ToArray(), File.ReadAllBytes(path));

        Assert.Throws<IOException>(() => AtomicFile.WriteText(path, writer =>
        {
            writer.Write("half a table");
            writer.Flush();
            throw new IOException("No space left on device");
        }));

        Assert.Equal("label,é\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_symbolic_link_is_followed_and_its_target_replaced_while_the_link_stays()
    {
        string target = Path.Combine(_dir, "real.onnx");
        string link = Path.Combine(_dir, "link.onnx");
        File.WriteAllBytes(target, [1, 2, 3]);
        File.CreateSymbolicLink(link, "real.onnx");

        AtomicFile.WriteAllBytes(link, [4, 5]);

        Assert.Equal("real.onnx", new FileInfo(link).LinkTarget);
        Assert.Equal([4, 5], File.ReadAllBytes(target));
        Assert.Equal([link, target], Directory.GetFiles(_dir).Order());
    }

    [Fact]
    public void A_fifo_or_a_link_to_one_is_refused_naming_it_and_stays_a_fifo()
    {
        string fifo = Fifo.Make(Path.Combine(_dir, "pipe"));
        string link = Path.Combine(_dir, "out.csv");
        File.CreateSymbolicLink(link, fifo);

        Assert.Equal($"{fifo} is a FIFO, not a regular file", Assert.Throws<IOException>(() => AtomicFile.WriteAllText(fifo, "x")).Message);
        Assert.Equal($"{link} is a FIFO, not a regular file", Assert.Throws<IOException>(() => AtomicFile.WriteAllText(link, "x")).Message);
        Assert.Equal([link, fifo], Directory.GetFiles(_dir).Order());
    }

    [Fact]
    public void A_descriptor_link_to_a_pipe_as_dev_stdout_is_to_a_piped_output_is_refused()
    {
        using var pipe = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.Out);
        string descriptor = $"/proc/self/fd/{pipe.SafePipeHandle.DangerousGetHandle()}";

        Assert.Equal($"{descriptor} is a FIFO, not a regular file", Assert.Throws<IOException>(() => AtomicFile.WriteAllText(descriptor, "x")).Message);
    }

    [Fact]
    public void A_missing_folder_is_created()
    {
        string path = Path.Combine(_dir, "new", "deeper", "frames.csv");

        AtomicFile.WriteAllText(path, "a\n");

        Assert.Equal("a\n", File.ReadAllText(path));
    }
}
