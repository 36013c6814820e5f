using System.ComponentModel;
using Spectre.Console.Cli;

namespace LossAnalyzers.Cli.Commands;

internal sealed class FixSettings : CommonSettings
{
    [CommandOption("--dry-run")]
    [Description("Print the diff of what the fixes would change, and write nothing.")]
    public bool DryRun { get; init; }
}
