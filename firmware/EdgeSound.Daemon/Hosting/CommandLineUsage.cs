using System.CommandLine;
using System.CommandLine.Invocation;

namespace EdgeSound.Daemon.Hosting;

/// <summary>
/// Runs a command line whose usage errors (an unknown option or argument, an option without its value, a single
/// option given twice, a value not among those accepted) are written one line each to stderr as <c>PREFIX: message</c>, with nothing on stdout and
/// exit <see cref="ExitCode"/>; System.CommandLine alone prints the help text to stdout and exits 1. An option that
/// takes a value must have one at every occurrence: <c>--set a=1 --set</c> and <c>--input x --input</c> are errors
/// (System.CommandLine counts the values of all occurrences together). <c>--help</c> prints help to stdout, exit 0.
/// </summary>
public static class CommandLineUsage
{
    /// <summary>The exit code of a usage error (the daemon's bad configuration or input).</summary>
    public const int ExitCode = 2;

    /// <param name="root">The command line, every option of it and its subcommands checked per occurrence.</param>
    /// <param name="args">The program's arguments.</param>
    /// <param name="prefix">The prefix of an error line, from the command the arguments reached.</param>
    /// <param name="configuration">Where output and errors go; null for the console.</param>
    public static int Invoke(RootCommand root, IReadOnlyList<string> args, Func<Command, string> prefix, InvocationConfiguration? configuration = null)
    {
        RequireValueAtEveryOccurrence(root);
        var parse = root.Parse(args);
        if (parse.Action is not ParseErrorAction)
        {
            return parse.Invoke(configuration);
        }

        var error = configuration?.Error ?? Console.Error;
        var command = prefix(parse.CommandResult.Command);
        foreach (var e in parse.Errors)
        {
            error.WriteLine($"{command}: {OneLine(e.Message)}{SplitValueHint(args, parse.UnmatchedTokens, e.Message)}");
        }

        return ExitCode;
    }

    /// <summary>
    /// A System.CommandLine message on one line: one that lists the accepted values a line each
    /// (<c>Must be one of:</c>, then <c>'head'</c>, <c>'all'</c>) becomes <c>Must be one of: 'head', 'all'</c>.
    /// </summary>
    private static string OneLine(string message)
    {
        var lines = message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var line = new System.Text.StringBuilder(lines.Length > 0 ? lines[0] : "");
        for (var i = 1; i < lines.Length; i++)
        {
            line.Append(lines[i - 1].EndsWith(':') ? " " : ", ").Append(lines[i]);
        }

        return line.ToString();
    }

    /// <summary>
    /// For an unrecognized token that follows a value with an unclosed '[' (a list the shell split at a space, as in
    /// <c>--set detection:exclude=[rain, wind]</c>), a hint to quote the value; otherwise "".
    /// </summary>
    private static string SplitValueHint(IReadOnlyList<string> args, IReadOnlyList<string> unmatched, string message)
    {
        for (var i = 1; i < args.Count; i++)
        {
            var (before, token) = (args[i - 1], args[i]);
            if (unmatched.Contains(token) && message.Contains($"'{token}'", StringComparison.Ordinal)
                && before.Count(c => c == '[') > before.Count(c => c == ']'))
            {
                return $" ('{before}' and '{token}' are one value split at a space: quote it, e.g. --set 'detection:exclude=[rain, wind]')";
            }
        }

        return "";
    }

    private static void RequireValueAtEveryOccurrence(Command command)
    {
        foreach (var option in command.Options.Where(o => o.Arity.MinimumNumberOfValues > 0))
        {
            option.Validators.Add(result =>
            {
                // No value at all is System.CommandLine's own error; this catches an empty occurrence beside a full one.
                if (result.Tokens.Count > 0 && result.IdentifierTokenCount > result.Tokens.Count)
                {
                    result.AddError($"Required argument missing for option: '{option.Name}'.");
                }
            });
        }

        foreach (var sub in command.Subcommands)
        {
            RequireValueAtEveryOccurrence(sub);
        }
    }
}
