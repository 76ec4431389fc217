using System.Buffers.Binary;
using EdgeSound.Dsp.Synthesis;
using EdgeSound.Trainer.Cues;
using NAudio.Midi;
using Xunit;

namespace EdgeSound.Trainer.Tests.Cues;

public sealed class MidiExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("es-midi-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ChunksAreOneHeaderAndOneTrackOfFormatZero()
    {
        byte[] bytes = Write("bpm=150 wave=square adsr=5,40,0.6,80: C5/8 E5/8 G5/4 r/8 G5/8");

        Assert.Equal("MThd"u8.ToArray(), bytes[..4]);
        Assert.Equal(6u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4)));
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(8)));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(10)));
        Assert.Equal(MidiExport.TicksPerBeat, BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(12)));
        Assert.Equal("MTrk"u8.ToArray(), bytes[14..18]);
        Assert.Equal((uint)(bytes.Length - 22), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(18)));
        Assert.Equal([0x00, 0xFF, 0x51, 0x03, 0x06, 0x1A, 0x80], bytes[22..29]);
        Assert.Equal([0xFF, 0x2F, 0x00], bytes[^3..]);
    }

    [Fact]
    public void DeltaTimesFollowTheNoteLengths()
    {
        var file = new MidiFile(new MemoryStream(Write("bpm=120: C5/8 E5/8. r/16 G5/4@64 [A4/16]x2")), strictChecking: true);

        MidiEvent[] track = [.. file.Events[0]];
        int[] deltas = track.Where(e => e is NoteEvent).Select(e => e.DeltaTime).ToArray();

        Assert.Equal([0, 240, 0, 360, 120, 480, 0, 120, 0, 120], deltas);
        Assert.Equal(0, track[^1].DeltaTime);
        Assert.True(MidiEvent.IsEndTrack(track[^1]));
    }

    [Theory]
    [InlineData("bpm=150 wave=square adsr=5,40,0.6,80: C5/8 E5/8 G5/4 r/8 G5/8")]
    [InlineData("bpm=93 wave=sawtooth: [C#3/16@20 r/32 Bb6/2.@127]x3 A0/1 r/12 G9/48 C-1/64.")]
    public void NotesDecodeBackToThePattern(string text)
    {
        CuePattern pattern = PatternParser.Parse(text);
        var file = new MidiFile(new MemoryStream(Write(text)), strictChecking: true);

        Assert.Equal(0, file.FileFormat);
        Assert.Equal(1, file.Tracks);
        TempoEvent tempo = Assert.Single(file.Events[0].OfType<TempoEvent>());
        Assert.Equal(pattern.Bpm, 60_000_000.0 / tempo.MicrosecondsPerQuarterNote, 2);
        Assert.Equal(pattern.Events, Decode(file));
    }

    [Fact]
    public void FrequenciesTakeTheNearestKey()
    {
        var file = new MidiFile(new MemoryStream(Write("445hz/4 262hz/4")), strictChecking: true);
        Assert.Equal([69, 60], file.Events[0].OfType<NoteOnEvent>().Select(e => e.NoteNumber));
    }

    /// <summary>Rebuilds notes (from note-on/note-off pairs) and rests (from gaps) as pattern events.</summary>
    private static List<CueEvent> Decode(MidiFile file)
    {
        var events = new List<CueEvent>();
        long at = 0;
        foreach (NoteOnEvent on in file.Events[0].OfType<NoteOnEvent>().Where(e => e.Velocity > 0))
        {
            if (on.AbsoluteTime > at)
            {
                events.Add(new CueEvent(null, (on.AbsoluteTime - at) / (double)MidiExport.TicksPerBeat, CuePattern.DefaultVelocity));
            }

            Assert.NotNull(on.OffEvent);
            Assert.Equal(on.NoteNumber, on.OffEvent.NoteNumber);
            events.Add(new CueEvent(NotePitch.FromMidiKey(on.NoteNumber), on.NoteLength / (double)MidiExport.TicksPerBeat, on.Velocity));
            at = on.AbsoluteTime + on.NoteLength;
        }

        long end = file.Events[0][^1].AbsoluteTime;
        if (end > at)
        {
            events.Add(new CueEvent(null, (end - at) / (double)MidiExport.TicksPerBeat, CuePattern.DefaultVelocity));
        }

        return events;
    }

    private byte[] Write(string text)
    {
        string path = Path.Combine(_dir, "cue.mid");
        MidiExport.Write(PatternParser.Parse(text), path);
        return File.ReadAllBytes(path);
    }
}
