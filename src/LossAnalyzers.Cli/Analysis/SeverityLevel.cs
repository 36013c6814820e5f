using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Cli.Analysis;

/// <summary>The severities a user names on the command line: <c>info</c>, <c>warning</c>, <c>error</c> (and <c>never</c> for --fail-on).</summary>
internal static class SeverityLevel
{
    public static bool TryParse(string? text, bool allowNever, out DiagnosticSeverity? severity)
    {
        severity = null;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "info" or "suggestion":
                severity = DiagnosticSeverity.Info;
                return true;
            case "warning":
                severity = DiagnosticSeverity.Warning;
                return true;
            case "error":
                severity = DiagnosticSeverity.Error;
                return true;
            case "never" or "none" when allowNever:
                return true;
            default:
                return false;
        }
    }

    public static string Name(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "info",
        _ => "hidden",
    };
}
