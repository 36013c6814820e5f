using System.Text.RegularExpressions;

namespace LossAnalyzers.PackageTests;

/// <summary>One compiler diagnostic as MSBuild's console logger prints it: <c>path(line,col): warning ID: text [project]</c>.</summary>
internal sealed record BuildDiagnostic(string Path, int Line, int Column, string Severity, string Id, string Message)
{
    private static readonly Regex Format = new(
        @"^[ \t]*(?<path>[^\s(][^(\r\n]*?)\((?<line>\d+),(?<column>\d+)(?:,\d+,\d+)?\): (?<severity>warning|error|info) (?<id>[A-Za-z]+\d+): (?<message>.*?)(?: \[[^\]\r\n]+\])?[ \t\r]*$",
        RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>Every distinct diagnostic in a build's output (the logger repeats warnings in its summary).</summary>
    public static IReadOnlyList<BuildDiagnostic> Parse(string buildOutput) =>
        Format.Matches(buildOutput)
            .Select(m => new BuildDiagnostic(
                m.Groups["path"].Value.Trim(),
                int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["column"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["severity"].Value,
                m.Groups["id"].Value,
                m.Groups["message"].Value))
            .Distinct()
            .ToList();
}
