using EdgeSound.Trainer.Commands;

return TrainerCommands.Create().Parse(args).Invoke();
