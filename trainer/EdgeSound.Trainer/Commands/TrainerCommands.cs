using System.CommandLine;
using EdgeSound.Daemon.Hosting;

namespace EdgeSound.Trainer.Commands;

/// <summary>The trainer's command line: every verb under one root (used by the program and by in-process tests).</summary>
internal static class TrainerCommands
{
    public static RootCommand Create()
    {
        var root = new RootCommand("EdgeSound trainer: ESC-50 analysis, frontend features, CNN training, int8 ONNX export and evaluation, cue patterns.");
        root.Subcommands.Add(FetchCommand.Create());
        root.Subcommands.Add(AnalyzeCommand.Create());
        root.Subcommands.Add(FeaturesCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(SealCommand.Create());
        root.Subcommands.Add(CalibrateCommand.Create());
        root.Subcommands.Add(OpenSetCommand.Create());
        root.Subcommands.Add(FrontendCommand.Create());
        root.Subcommands.Add(SoundscapeCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(CueCommand.Create());
        root.Subcommands.Add(CuesCommand.Create());
        return root;
    }

    /// <summary>
    /// Runs the trainer on <paramref name="args"/>: a usage error is one line on stderr led by the verb it reached
    /// (<c>cue render: ...</c>, <c>trainer: ...</c> before any verb), exit 2 (<see cref="CommandLineUsage"/>).
    /// </summary>
    public static int Invoke(IReadOnlyList<string> args, InvocationConfiguration? configuration = null) =>
        CommandLineUsage.Invoke(Create(), args, Verb, configuration);

    private static string Verb(Command command) =>
        command.Parents.OfType<Command>().FirstOrDefault() switch
        {
            null => "trainer",
            RootCommand => command.Name,
            var parent => $"{Verb(parent)} {command.Name}",
        };
}
