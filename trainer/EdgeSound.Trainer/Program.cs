using System.CommandLine;
using EdgeSound.Trainer.Commands;

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
return root.Parse(args).Invoke();
