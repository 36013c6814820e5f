using System.Text.Json;
using System.Text.Json.Nodes;
using LossAnalyzers.Cli.Analysis;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Cli.Reporting;

/// <summary>
/// SARIF 2.1.0 as GitHub code scanning reads it: one run, the rules with their help links and default levels, results
/// with physical locations whose URIs are relative to <c>%SRCROOT%</c> (the scanned folder).
/// </summary>
internal static class SarifReport
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <param name="baseline">When the scan was compared with a baseline: each result's <c>baselineState</c>, and the baseline's results that are gone, as <c>absent</c>.</param>
    public static string Write(PackageRules rules, SolutionAnalysis.Result result, string root, BaselineComparison? baseline = null)
    {
        var ruleIndex = rules.Rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var rulesArray = new JsonArray(rules.Rules.Select(r => (JsonNode)new JsonObject
        {
            ["id"] = r.Id,
            ["name"] = PascalName(r.Title.ToString()),
            ["shortDescription"] = new JsonObject { ["text"] = r.Title.ToString() },
            ["fullDescription"] = new JsonObject { ["text"] = r.Description.ToString() is { Length: > 0 } d ? d : r.Title.ToString() },
            ["helpUri"] = r.HelpLinkUri,
            ["help"] = new JsonObject { ["text"] = $"{r.Title} See {r.HelpLinkUri}" },
            ["defaultConfiguration"] = new JsonObject { ["level"] = Level(r.DefaultSeverity), ["enabled"] = r.IsEnabledByDefault },
            ["properties"] = new JsonObject { ["category"] = r.Category, ["tags"] = new JsonArray("torchsharp", "loss") },
        }).ToArray());

        var results = new JsonArray(result.Findings.Select(f =>
        {
            var line = SourceLine.Of(f.Diagnostic);
            var physical = new JsonObject
            {
                ["artifactLocation"] = new JsonObject { ["uri"] = string.Join("/", f.RelativePath.Split('/').Select(Uri.EscapeDataString)), ["uriBaseId"] = "%SRCROOT%" },
                ["region"] = new JsonObject
                {
                    ["startLine"] = f.Line,
                    ["startColumn"] = f.Column,
                    ["endLine"] = f.EndLine,
                    ["endColumn"] = f.EndColumn,
                },
            };
            if (line is { Text: var text } && f.EndLine == f.Line)
            {
                // The source line, which a later scan's baseline matching is about.
                physical["contextRegion"] = new JsonObject { ["startLine"] = f.Line, ["endLine"] = f.Line, ["snippet"] = new JsonObject { ["text"] = text } };
            }

            var node = new JsonObject
            {
                ["ruleId"] = f.Id,
                ["ruleIndex"] = ruleIndex[f.Id],
                ["level"] = Level(f.Severity),
                ["message"] = new JsonObject { ["text"] = f.Message },
                ["locations"] = new JsonArray(new JsonObject { ["physicalLocation"] = physical }),
                ["partialFingerprints"] = new JsonObject { [Fingerprints.Key] = f.Fingerprint },
            };
            if (baseline is not null)
            {
                node["baselineState"] = BaselineComparison.Name(baseline.States[f]);
            }

            return (JsonNode)node;
        }).ToArray());
        foreach (var gone in baseline?.Gone ?? Array.Empty<JsonObject>())
        {
            gone["baselineState"] = "absent";
            gone.Remove("ruleIndex");
            if ((string?)gone["ruleId"] is { } id && ruleIndex.TryGetValue(id, out var index))
            {
                gone["ruleIndex"] = index;
            }

            results.Add(gone);
        }

        var rootUri = new Uri(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar).AbsoluteUri;
        var sarif = new JsonObject
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "LossAnalyzers",
                        ["semanticVersion"] = typeof(SarifReport).Assembly.GetName().Version?.ToString(3),
                        ["informationUri"] = "https://github.com/lossanalyzers/lossanalyzers",
                        ["rules"] = rulesArray,
                    },
                },
                ["originalUriBaseIds"] = new JsonObject { ["%SRCROOT%"] = new JsonObject { ["uri"] = rootUri } },
                ["results"] = results,
                ["columnKind"] = "utf16CodeUnits",
            }),
        };
        return sarif.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>SARIF levels: error, warning, note.</summary>
    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };

    private static string PascalName(string title) =>
        string.Concat(title.Split(' ', '-', '/', '(', ')', ',', '.', '\'', ':').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
