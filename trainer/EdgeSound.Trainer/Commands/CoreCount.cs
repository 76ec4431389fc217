using System.CommandLine;

namespace EdgeSound.Trainer.Commands;

/// <summary>
/// The <c>--threads</c>/<c>--workers</c> options: a count of parallel workers, one per core by default. A count below
/// 1 is a parse error naming the option and value (it was taken as 1 without a word before).
/// </summary>
internal static class CoreCount
{
    public static Option<int> Option(string name, string description)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => Environment.ProcessorCount };
        option.Validators.Add(result =>
        {
            int value = result.GetValueOrDefault<int>();
            if (value < 1)
            {
                result.AddError($"{name} must be at least 1, got {value}");
            }
        });
        return option;
    }
}
