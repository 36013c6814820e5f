using System.ComponentModel;
using Spectre.Console.Cli;

namespace LossAnalyzers.Cli.Commands;

/// <summary>What <c>scan</c> and <c>fix</c> share: the path, the rules, the severity, the preset.</summary>
internal class CommonSettings : CommandSettings
{
    [CommandArgument(0, "[PATH]")]
    [Description("A .sln, .slnx or .csproj file, or a folder holding one. Default: the current folder.")]
    public string Path { get; init; } = ".";

    [CommandOption("--rules <IDS>")]
    [Description("Only these rules, comma separated: LOSS001,LOSS006. Default: every rule.")]
    public string? Rules { get; init; }

    [CommandOption("--severity <LEVEL>")]
    [Description("The lowest severity to report or fix: info, warning or error. Default: warning (what dotnet build prints).")]
    [DefaultValue("warning")]
    public string Severity { get; init; } = "warning";

    [CommandOption("--no-restore")]
    [Description("Do not run `dotnet restore` first (the project must have been restored).")]
    public bool NoRestore { get; init; }

    [CommandOption("--mode <PRESET>")]
    [Description("A severity preset, as LossAnalyzersMode in a project: recommended, strict (every rule a warning) or errors.")]
    public string? Mode { get; init; }
}
