using LossAnalyzers.Cli.Analysis;
using Microsoft.CodeAnalysis;
using Spectre.Console;

namespace LossAnalyzers.Cli.Reporting;

/// <summary>Findings grouped by rule, each with its place, message, marked source line and help link; then a summary table.</summary>
internal static class TextReport
{
    public static void Write(IAnsiConsole console, PackageRules rules, SolutionAnalysis.Result result, BaselineComparison? baseline = null)
    {
        foreach (var group in result.Findings.GroupBy(f => f.Id))
        {
            var descriptor = rules.Rules.First(r => r.Id == group.Key);
            console.MarkupLine($"[bold]{group.Key}[/]  {Markup.Escape(descriptor.Title.ToString())}  [grey]({group.Count()})[/]");
            foreach (var finding in group)
            {
                var accepted = baseline is not null && !baseline.IsNew(finding) ? " [grey](baseline)[/]" : string.Empty;
                console.MarkupLine($"  [{Color(finding.Severity)}]{SeverityLevel.Name(finding.Severity)}[/]{accepted} [link]{Markup.Escape($"{finding.RelativePath}:{finding.Line}:{finding.Column}")}[/]");
                console.MarkupLine($"    {Markup.Escape(finding.Message)}");
                if (SourceLine.Of(finding.Diagnostic) is var (text, start, length))
                {
                    var number = finding.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    console.MarkupLine($"    [grey]{number} |[/] {Markup.Escape(text)}");
                    console.MarkupLine($"    [grey]{new string(' ', number.Length)} |[/] {new string(' ', start)}[{Color(finding.Severity)}]{new string('^', Math.Min(length, Math.Max(1, text.Length - start)))}[/]");
                }

                if (!string.IsNullOrEmpty(finding.HelpLink))
                {
                    console.MarkupLine($"    [grey]{Markup.Escape(finding.HelpLink)}[/]");
                }
            }

            console.WriteLine();
        }

        WriteSummary(console, rules, result, baseline);
    }

    public static void WriteSummary(IAnsiConsole console, PackageRules rules, SolutionAnalysis.Result result, BaselineComparison? baseline = null)
    {
        if (result.Findings.Length > 0)
        {
            var table = new Table().AddColumn("Rule").AddColumn("Severity").AddColumn(new TableColumn("Findings").RightAligned()).AddColumn("Title");
            foreach (var group in result.Findings.GroupBy(f => (f.Id, f.Severity)).OrderBy(g => g.Key.Id, StringComparer.Ordinal))
            {
                var title = rules.Rules.First(r => r.Id == group.Key.Id).Title.ToString();
                table.AddRow(group.Key.Id, $"[{Color(group.Key.Severity)}]{SeverityLevel.Name(group.Key.Severity)}[/]", group.Count().ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(title));
            }

            console.Write(table);
        }

        var counts = string.Join(", ", new[] { DiagnosticSeverity.Error, DiagnosticSeverity.Warning, DiagnosticSeverity.Info }
            .Select(s => (s, n: result.Findings.Count(f => f.Severity == s)))
            .Where(c => c.n > 0)
            .Select(c => $"{c.n} {SeverityLevel.Name(c.s)}"));
        console.MarkupLine(Markup.Escape(
            $"{result.Findings.Length} finding(s){(counts.Length > 0 ? $" ({counts})" : string.Empty)} in {result.Analyzed.Count} project(s) that reference TorchSharp"
            + (result.Analyzed.Count > 0 ? $": {string.Join(", ", result.Analyzed)}" : string.Empty) + "."));
        if (baseline is not null)
        {
            console.MarkupLine(Markup.Escape(baseline.Summary));
        }
    }

    private static string Color(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "red",
        DiagnosticSeverity.Warning => "yellow",
        _ => "blue",
    };
}
