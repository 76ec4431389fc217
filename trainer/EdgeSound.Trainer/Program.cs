using EdgeSound.Trainer.Commands;

return TrainerCommands.Invoke(args);
