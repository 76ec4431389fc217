using System.Buffers.Binary;
using System.Diagnostics;
using EdgeSound.Dsp.Audio;
using EdgeSound.Tests.Shared;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Dsp.Tests.Audio;

/// <summary>
/// Mutates the headers of four valid files (every header byte, every header field, truncation at every byte) and
/// reads each mutant from a seekable stream and from a pipe. Every outcome must be one of: refused with a
/// <see cref="WavFormatException"/> naming the file; read with a warning; read to exactly the original samples
/// (only the rate may differ when the rate field was changed to another rate in range); or, for a lie no reader can
/// see, read as declared: the format tag switched between 32-bit PCM and 32-bit float (as many frames as the
/// original), or an odd data size grown by one into its pad byte (the original frames and one more).
/// Never another exception, never more than 1 s or 4 MB per read.
/// </summary>
public sealed class WavMutationTests(ITestOutputHelper output)
{
    private const string Name = "mutant.wav";

    private enum Outcome
    {
        Refused,
        Warned,
        Read,
        ReadAsDeclared,
    }

    private sealed record Field(string Name, int Offset, int Width);

    /// <summary>A mutant file; <paramref name="Field"/> names the header field it changed, if it changed one.</summary>
    private sealed record Mutation(string Label, byte[] Bytes, string? Field);

    private sealed record Base(string Name, byte[] Bytes, List<Field> Fields, int DataStart, int DataEnd);

    [Fact]
    public void Every_header_mutation_is_refused_warned_or_read_correctly()
    {
        var counts = new Dictionary<Outcome, int>();
        var failures = new List<string>();
        int tried = 0;
        foreach (Base b in Bases())
        {
            AudioClip original = WavReader.Read(new MemoryStream(b.Bytes), Name);
            Assert.Empty(original.Warnings);
            foreach (Mutation m in Mutations(b))
            {
                foreach (bool pipe in new[] { false, true })
                {
                    tried++;
                    Outcome? outcome = Classify(m.Bytes, pipe, original, m, out string? failure);
                    if (outcome is { } o)
                    {
                        counts[o] = counts.GetValueOrDefault(o) + 1;
                    }
                    else
                    {
                        failures.Add($"{b.Name} {m.Label} ({(pipe ? "pipe" : "seekable")}): {failure}");
                    }
                }
            }
        }

        output.WriteLine($"{tried} mutant reads: {counts.GetValueOrDefault(Outcome.Refused)} refused, {counts.GetValueOrDefault(Outcome.Warned)} read with a warning, " +
            $"{counts.GetValueOrDefault(Outcome.Read)} read correctly, {counts.GetValueOrDefault(Outcome.ReadAsDeclared)} read as declared (a lie no reader can see: 32-bit PCM/float tag swap, data size grown into the pad byte)");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} mutants misread:\n{string.Join('\n', failures.Take(30))}");
        Assert.True(counts.GetValueOrDefault(Outcome.Refused) > 0 && counts.GetValueOrDefault(Outcome.Warned) > 0 && counts.GetValueOrDefault(Outcome.Read) > 0);
    }

    private static Outcome? Classify(byte[] mutant, bool pipe, AudioClip original, Mutation m, out string? failure)
    {
        failure = null;
        Stream stream = pipe ? new ForwardOnlyStream(mutant) : new MemoryStream(mutant);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        AudioClip clip;
        try
        {
            clip = WavReader.Read(stream, Name);
        }
        catch (WavFormatException e) when (e.Message.StartsWith(Name + ": ", StringComparison.Ordinal))
        {
            return Bounded(clock, allocated, mutant, ref failure) ? Outcome.Refused : null;
        }
        catch (Exception e)
        {
            failure = $"{e.GetType().Name}: {e.Message}";
            return null;
        }

        if (!Bounded(clock, allocated, mutant, ref failure))
        {
            return null;
        }

        if (clip.Warnings.Count > 0)
        {
            return Outcome.Warned;
        }

        if (clip.Samples.AsSpan().SequenceEqual(original.Samples) && (clip.SampleRate == original.SampleRate || m.Field == "rate"))
        {
            return Outcome.Read;
        }

        if (m.Field is "tag" or "subformat" && clip.Samples.Length == original.Samples.Length)
        {
            return Outcome.ReadAsDeclared;
        }

        if (m.Field == "data size" && clip.Samples.Length == original.Samples.Length + 1 && clip.Samples.AsSpan(0, original.Samples.Length).SequenceEqual(original.Samples))
        {
            return Outcome.ReadAsDeclared;
        }

        failure = $"read without a warning but differs: {clip.Samples.Length} samples at {clip.SampleRate} Hz vs {original.Samples.Length} at {original.SampleRate} Hz";
        return null;
    }

    private static bool Bounded(Stopwatch clock, long allocatedBefore, byte[] mutant, ref string? failure)
    {
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        if (clock.Elapsed > TimeSpan.FromSeconds(1) || allocated > (4 << 20) + (16L * mutant.Length))
        {
            failure = $"took {clock.Elapsed.TotalMilliseconds:0} ms and {allocated} bytes";
            return false;
        }

        return true;
    }

    private static IEnumerable<Mutation> Mutations(Base b)
    {
        for (int p = 0; p < b.Bytes.Length; p++)
        {
            if (p >= b.DataStart && p < b.DataEnd)
            {
                continue;
            }

            byte v = b.Bytes[p];
            foreach (byte m in new[] { (byte)0, (byte)0xFF, (byte)(v ^ 1), (byte)(v ^ 0x80), (byte)(v + 1), (byte)(v - 1) })
            {
                if (m != v)
                {
                    byte[] mutant = (byte[])b.Bytes.Clone();
                    mutant[p] = m;
                    Field? f = b.Fields.Find(f => p >= f.Offset && p < f.Offset + f.Width);
                    yield return new($"byte {p} {v}->{m}", mutant, f?.Name);
                }
            }
        }

        foreach (Field f in b.Fields)
        {
            ulong max = f.Width == 2 ? ushort.MaxValue : uint.MaxValue;
            ulong v = f.Width == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(b.Bytes.AsSpan(f.Offset)) : BinaryPrimitives.ReadUInt32LittleEndian(b.Bytes.AsSpan(f.Offset));
            var values = new HashSet<ulong> { 0, 1, 2, 3, max, max >> 1, (max >> 1) + 1, v + 1, v - 1, v * 2, v / 2, v + 2, v - 2 };
            for (int bit = 0; bit < 8 * f.Width; bit++)
            {
                values.Add(v ^ (1UL << bit));
            }

            foreach (ulong m in values)
            {
                ulong value = m & max;
                if (value == v)
                {
                    continue;
                }

                byte[] mutant = (byte[])b.Bytes.Clone();
                if (f.Width == 2)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(mutant.AsSpan(f.Offset), (ushort)value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(mutant.AsSpan(f.Offset), (uint)value);
                }

                yield return new($"{f.Name} {v}->{value}", mutant, f.Name);
            }
        }

        for (int length = 0; length < b.Bytes.Length; length++)
        {
            yield return new($"truncated to {length} bytes", b.Bytes[..length], null);
        }
    }

    private static IEnumerable<Base> Bases()
    {
        yield return Describe("pcm16 mono 16k, LIST before fmt, id3 after data", new WavFixture()
            .Chunk("LIST", [(byte)'I', (byte)'N', (byte)'F', (byte)'O', 7])
            .Chunk("fmt ", WavFixture.Fmt(1, 1, 16000, 16))
            .Chunk("data", WavFixture.Int16Data(Signal(300, 20000, i => (short)i)))
            .Chunk("id3 ", [1, 2, 3, 4, 5, 6])
            .ToBytes());
        yield return Describe("pcm24 stereo 44.1k", new WavFixture()
            .Chunk("fmt ", WavFixture.Fmt(1, 2, 44100, 24))
            .Chunk("data", WavFixture.Int24Data(Signal(300, 3_000_000, i => i)))
            .ToBytes());
        yield return Describe("float32 extensible mono 48k, cue after data", new WavFixture()
            .Chunk("fmt ", WavFixture.FmtExtensible(3, 1, 48000, 32))
            .Chunk("data", WavFixture.FloatData(Signal(200, 0.7, i => (float)i)))
            .Chunk("cue ", [0, 0, 0, 0])
            .ToBytes());
        yield return Describe("pcm8 mono 8k, odd data", new WavFixture()
            .Chunk("fmt ", WavFixture.Fmt(1, 1, 8000, 8))
            .Chunk("data", [.. Signal(301, 100, i => (byte)(128 + i))])
            .ToBytes());
    }

    private static T[] Signal<T>(int n, double amplitude, Func<int, T> convert)
    {
        var x = new T[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = convert((int)Math.Round(amplitude * Math.Sin(i * 0.3)));
        }

        return x;
    }

    /// <summary>Finds the header fields of a file made by <see cref="WavFixture"/>.</summary>
    private static Base Describe(string name, byte[] bytes)
    {
        var fields = new List<Field> { new("riff size", 4, 4) };
        int pos = 12, dataStart = 0, dataEnd = 0;
        while (pos + 8 <= bytes.Length)
        {
            string id = System.Text.Encoding.ASCII.GetString(bytes, pos, 4);
            int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(pos + 4));
            fields.Add(new($"{id} size", pos + 4, 4));
            int body = pos + 8;
            if (id == "fmt ")
            {
                fields.AddRange([new("tag", body, 2), new("channels", body + 2, 2), new("rate", body + 4, 4), new("byte rate", body + 8, 4),
                    new("block align", body + 12, 2), new("bits", body + 14, 2)]);
                if (size >= 40)
                {
                    fields.AddRange([new("cb size", body + 16, 2), new("valid bits", body + 18, 2), new("channel mask", body + 20, 4), new("subformat", body + 24, 2)]);
                }
            }
            else if (id == "data")
            {
                (dataStart, dataEnd) = (body, body + size);
            }

            pos = body + size + (size & 1);
        }

        return new Base(name, bytes, fields, dataStart, dataEnd);
    }
}
