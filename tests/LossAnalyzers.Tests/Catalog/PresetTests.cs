using System.Text.RegularExpressions;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Tests.Catalog;

/// <summary>
/// The severity presets the package ships (LossAnalyzersMode) name every rule the analyzers have, once, with the
/// severity the preset promises: recommended = the defaults, strict = every rule a warning, errors = every rule an error.
/// </summary>
public sealed class PresetTests
{
    [Theory]
    [InlineData("recommended")]
    [InlineData("strict")]
    [InlineData("errors")]
    public void A_preset_sets_every_rule(string preset)
    {
        var path = Path.Combine(Repository.Root, "src", "LossAnalyzers.Package", "build", "presets", $"{preset}.globalconfig");
        var text = File.ReadAllText(path);
        Assert.Matches(new Regex(@"^is_global\s*=\s*true\s*$", RegexOptions.Multiline), text);
        var entries = Regex.Matches(text, @"^dotnet_diagnostic\.(?<id>\w+)\.severity\s*=\s*(?<severity>\w+)\s*$", RegexOptions.Multiline)
            .Select(m => (Id: m.Groups["id"].Value, Severity: m.Groups["severity"].Value))
            .ToList();
        Assert.Equal(entries.Count, entries.Select(e => e.Id).Distinct().Count());

        var expected = RuleCatalog.DescriptorsOf(typeof(LossUsageAnalyzer).Assembly)
            .Select(d => d.Descriptor)
            .GroupBy(d => d.Id)
            .Select(g => g.First())
            .ToDictionary(d => d.Id, d => preset switch
            {
                "strict" => "warning",
                "errors" => "error",
                _ => d.DefaultSeverity == DiagnosticSeverity.Info ? "suggestion" : d.DefaultSeverity.ToString().ToLowerInvariant(),
            });
        Assert.Equal(expected.OrderBy(e => e.Key).Select(e => $"{e.Key}={e.Value}"), entries.OrderBy(e => e.Id).Select(e => $"{e.Id}={e.Severity}"));
    }
}
