using EdgeSound.Dsp.Synthesis;
using NAudio.Midi;

namespace EdgeSound.Trainer.Cues;

/// <summary>
/// Writes a pattern as a Standard MIDI File, format 0 (one track), through NAudio.Midi: <see cref="TicksPerBeat"/>
/// ticks per quarter note, a set-tempo meta event at tick 0 (60,000,000 / BPM microseconds per quarter), then each note
/// as note-on at its start and note-off after its full length on <see cref="Channel"/>; rests only move time on. Notes
/// written in Hz take the nearest key (no pitch bend). Waveform, envelope, noise and low-pass are not carried.
/// </summary>
public static class MidiExport
{
    /// <summary>Resolution: 480 ticks per beat, so every note value of the format (down to dotted 1/64 and triplets) is a whole number of ticks.</summary>
    public const int TicksPerBeat = 480;

    /// <summary>MIDI channel 1 (NAudio numbers channels 1..16).</summary>
    public const int Channel = 1;

    /// <summary>The pattern as a MIDI event collection (format 0, one track).</summary>
    public static MidiEventCollection ToEvents(CuePattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var events = new MidiEventCollection(0, TicksPerBeat);
        events.AddTrack();
        events.AddEvent(new TempoEvent((int)Math.Round(60_000_000 / pattern.Bpm), 0), 0);
        long tick = 0;
        foreach (CueEvent e in pattern.Events)
        {
            int length = (int)Math.Round(e.Beats * TicksPerBeat);
            if (e.Pitch is { } pitch)
            {
                int key = pitch.NearestMidiKey;
                events.AddEvent(new NoteEvent(tick, Channel, MidiCommandCode.NoteOn, key, e.Velocity), 0);
                events.AddEvent(new NoteEvent(tick + length, Channel, MidiCommandCode.NoteOff, key, 0), 0);
            }

            tick += length;
        }

        events.AddEvent(new MetaEvent(MetaEventType.EndTrack, 0, tick), 0);
        events.PrepareForExport();
        return events;
    }

    /// <summary>Writes the pattern to <paramref name="path"/> (created or replaced).</summary>
    public static void Write(CuePattern pattern, string path) => MidiFile.Export(path, ToEvents(pattern));
}
