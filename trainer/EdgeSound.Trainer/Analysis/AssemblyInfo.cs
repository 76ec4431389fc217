using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("EdgeSound.Trainer.Tests")]
