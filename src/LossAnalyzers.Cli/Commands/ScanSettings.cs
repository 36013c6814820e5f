using System.ComponentModel;
using Spectre.Console.Cli;

namespace LossAnalyzers.Cli.Commands;

internal sealed class ScanSettings : CommonSettings
{
    [CommandOption("--format <FORMAT>")]
    [Description("text, sarif (SARIF 2.1.0) or json. Default: text.")]
    [DefaultValue("text")]
    public string Format { get; init; } = "text";

    [CommandOption("-o|--output <FILE>")]
    [Description("Write the report to this file instead of the console.")]
    public string? Output { get; init; }

    [CommandOption("--baseline <FILE>")]
    [Description("A SARIF file of an earlier scan: its findings (same rule, file and source line) are reported as baseline and do not fail the scan.")]
    public string? Baseline { get; init; }

    [CommandOption("--fail-on <LEVEL>")]
    [Description("Exit with 1 when a finding is at or above this severity: info, warning, error or never. Default: warning.")]
    [DefaultValue("warning")]
    public string FailOn { get; init; } = "warning";
}
