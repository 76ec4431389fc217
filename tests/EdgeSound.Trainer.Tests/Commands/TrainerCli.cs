using System.CommandLine;
using EdgeSound.Trainer.Commands;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>Runs the trainer's own command line in process, capturing what it writes.</summary>
internal static class TrainerCli
{
    /// <summary>The exit code and everything written to standard output and standard error.</summary>
    public static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = TrainerCommands.Invoke(args, new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
