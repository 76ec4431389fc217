using System.Buffers.Binary;
using EdgeSound.Dsp.Audio;
using Xunit;

namespace EdgeSound.Dsp.Tests.Audio;

/// <summary>
/// A WAV of 2^31 + 24690 data bytes (18.6 h of 16 kHz mono int16; a day is 2.76 GB) made as a sparse file: only the header and the last frames
/// are written, the rest reads as zeros without taking disk space.
/// </summary>
public sealed class WavLargeFileTests : IDisposable
{
    private const long Frames = (1L << 30) + 12345;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"es-day-{Guid.NewGuid():N}.wav");
    private readonly short[] _tail = [1000, -2000, 3000, -4000];

    public WavLargeFileTests()
    {
        long dataBytes = 2 * Frames;
        using var file = new FileStream(_path, FileMode.CreateNew, FileAccess.Write);
        var header = new byte[44];
        var stream = new MemoryStream();
        WavWriter.WritePcm16(stream, [], 16000);
        stream.ToArray().CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)(36 + dataBytes));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(40), (uint)dataBytes);
        file.Write(header);
        file.SetLength(44 + dataBytes);
        file.Seek(-2 * _tail.Length, SeekOrigin.End);
        var tail = new byte[2 * _tail.Length];
        for (int i = 0; i < _tail.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(tail.AsSpan(2 * i), _tail[i]);
        }

        file.Write(tail);
    }

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void A_file_over_2_GiB_streams_to_its_last_frame_in_bounded_memory()
    {
        Assert.True(new FileInfo(_path).Length > 2L * 1024 * 1024 * 1024);
        using var reader = WavStreamReader.Open(_path);
        Assert.Equal(Frames, reader.FrameCount);
        Assert.Empty(reader.Warnings);
        var buffer = new float[65536];
        long total = 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var last = new float[_tail.Length];
        int n;
        while ((n = reader.Read(buffer)) > 0)
        {
            total += n;
            if (n >= _tail.Length)
            {
                buffer.AsSpan(n - _tail.Length, _tail.Length).CopyTo(last);
            }
        }

        long used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Equal(Frames, total);
        Assert.Equal(_tail.Select(s => s / 32768f), last);
        Assert.Empty(reader.Warnings);
        Assert.True(used < 1 << 20, $"allocated {used} bytes while reading");
    }

    [Fact]
    public void Loading_it_whole_is_refused_naming_the_file_instead_of_allocating_gigabytes()
    {
        var e = Assert.Throws<WavFormatException>(() => WavReader.Read(_path));
        Assert.Equal($"{_path}: {Frames} sample frames are too many to load at once (at most {WavReader.MaxFrames}): split it into shorter files", e.Message);
    }
}
