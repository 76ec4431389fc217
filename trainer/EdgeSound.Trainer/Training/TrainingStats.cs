namespace EdgeSound.Trainer.Training;

/// <summary>
/// How the float model was trained: wall time in seconds, throughput in training samples per second, mean seconds per
/// epoch, the training command and its core count, and the recipe options with the values they took
/// (<see cref="RecipeChecks.Recipe"/>; null in checkpoints saved before it was recorded). Saved as JSON in a
/// <c>--save-float</c> checkpoint's note, so an export with <c>--load-float</c> reports the training run, not itself.
/// </summary>
internal sealed record TrainingStats(double TrainingSeconds, double SamplesPerSecond, double EpochSeconds, string Command, int Threads, string? Recipe = null);
