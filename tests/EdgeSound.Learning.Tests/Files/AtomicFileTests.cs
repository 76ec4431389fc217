using EdgeSound.Dsp.Files;
using EdgeSound.Learning.Neural;
using EdgeSound.Learning.Tests.Neural;
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
}
