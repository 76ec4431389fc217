using System.Diagnostics;
using System.IO.Pipes;
using EdgeSound.Daemon.Audio;
using EdgeSound.Daemon.Configuration;
using EdgeSound.Daemon.Detection;
using EdgeSound.Daemon.Hosting;
using EdgeSound.Dsp.Audio;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace EdgeSound.Daemon.Tests.Audio;

/// <summary>
/// An <c>--input</c> path that cannot seek (a FIFO, a shell's <c>/dev/fd/N</c> pipe) is read as a stream exactly as
/// <c>--input -</c> is, stamped like live input: all of its audio arrives, with no crash and no hang.
/// </summary>
public sealed class StreamPathTests : IDisposable
{
    private const int Rate = 16000;
    private const int Frames = 8000;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("es-streampath-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Wav()
    {
        var samples = Enumerable.Range(0, Frames).Select(i => 0.25f * MathF.Sin(i * 0.1f)).ToArray();
        using var wav = new MemoryStream();
        WavWriter.WritePcm16(wav, samples, Rate);
        return wav.ToArray();
    }

    /// <summary>Opens <paramref name="path"/> as the daemon does (within <see cref="Limit"/>).</summary>
    private static IAudioSource Open(string path)
    {
        var options = new AudioOptions { Input = path, Speed = "max" };
        var open = Task.Run(() => DaemonApp.CreateSource(options, NullLoggerFactory.Instance));
        Assert.True(open.Wait(Limit), $"{path}: opening the input did not return");
        return open.Result;
    }

    /// <summary>Runs <paramref name="source"/> to its end and counts the 16 kHz samples it sends.</summary>
    private static int Count(IAudioSource source)
    {
        var channel = AudioChannel.Create(600);
        using var cancel = new CancellationTokenSource(Limit);
        var run = source.RunAsync(channel.Writer, new SourceCounters(), cancel.Token);
        Assert.True(run.Wait(Limit), $"{source.Name}: reading the input did not end");
        var samples = 0;
        while (channel.Reader.TryRead(out var chunk))
        {
            samples += chunk.Samples.Length;
            chunk.Return();
        }

        return samples;
    }

    [Fact]
    public void A_fifo_a_writer_cats_a_wav_into_is_read_to_its_end_as_a_live_stream()
    {
        var fifo = Path.Combine(_dir, "in.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var wav = Wav();
        var writer = new Thread(() => File.WriteAllBytes(fifo, wav)) { IsBackground = true };
        writer.Start();

        var source = Open(fifo);
        var samples = Count(source);

        Assert.True(writer.Join(Limit));
        Assert.Equal(Frames, samples);
        Assert.Equal(fifo, source.Name);
        Assert.Equal(EventClock.Live(TimeProvider.System).Description, source.Clock.Description);
    }

    /// <summary>The WAV fits in the pipe's buffer and the write end stays open until the path is opened, as a shell's <c>cat</c> does.</summary>
    [Fact]
    public void A_dev_fd_pipe_as_from_process_substitution_is_read_as_a_stream_not_refused_for_not_seeking()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out, HandleInheritability.None);
        var path = $"/dev/fd/{pipe.ClientSafePipeHandle.DangerousGetHandle()}";
        pipe.Write(Wav());

        var source = Open(path);
        pipe.Dispose();
        var samples = Count(source);

        Assert.Equal(Frames, samples);
        Assert.Equal(path, source.Name);
    }
}
