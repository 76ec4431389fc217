using EdgeSound.Dsp.Synthesis;

namespace EdgeSound.Daemon.Cues;

/// <summary>
/// Plays each cue on several outputs at once (<c>cues:output both</c>: speaker and buzzer), each on its own task;
/// returns when all have ended. Each output reports its own start (so each opens its own gate span). A failure of one
/// does not stop the others; the first failure is rethrown once all have ended.
/// </summary>
public sealed class CombinedCueOutput(IReadOnlyList<ICueOutput> outputs) : ICueOutput
{
    public string Name => string.Join(" + ", outputs.Select(o => o.Name));

    public void Play(CuePattern pattern, Action<double> started, CancellationToken cancel)
    {
        var playing = outputs.Select(o => Task.Run(() => o.Play(pattern, started, cancel), CancellationToken.None)).ToArray();
        Task.WhenAll(playing).GetAwaiter().GetResult();
    }
}
