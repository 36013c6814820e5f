using System.Text.Json;
using LossAnalyzers.Cli.Analysis;

namespace LossAnalyzers.Cli.Reporting;

/// <summary>The findings as one JSON document: a list of findings and the analyzed projects.</summary>
internal static class JsonReport
{
    public static string Write(SolutionAnalysis.Result result, BaselineComparison? baseline = null)
    {
        var document = new
        {
            projects = result.Analyzed,
            baseline = baseline is null ? null : new { @new = baseline.New, unchanged = baseline.Unchanged, gone = baseline.Gone.Count },
            findings = result.Findings.Select(f => new
            {
                id = f.Id,
                severity = SeverityLevel.Name(f.Severity),
                message = f.Message,
                path = f.RelativePath,
                line = f.Line,
                column = f.Column,
                endLine = f.EndLine,
                endColumn = f.EndColumn,
                project = f.ProjectName,
                helpUri = f.HelpLink,
                baselineState = baseline is null ? null : BaselineComparison.Name(baseline.States[f]),
            }),
        };
        return JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });
    }
}
