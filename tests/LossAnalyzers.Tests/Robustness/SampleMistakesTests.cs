using System.Text.RegularExpressions;
using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Robustness;

/// <summary>
/// The sample newcomers build first shows what its files promise: every rule a mistake's header names
/// (<c>// LOSSnnn: ...</c>) is reported in that file, and every rule the analyzers have is shown by some mistake.
/// </summary>
public sealed class SampleMistakesTests
{
    [Fact]
    public async Task Every_mistake_gets_the_rules_its_header_names_and_every_rule_has_a_mistake()
    {
        var folder = Path.Combine(Repository.Root, "samples", "SeedMisuses");
        var files = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToDictionary(f => f, File.ReadAllText);
        var compilation = AnalyzerRun.Compile(
            files.Values.Prepend("global using System; global using System.Linq; global using System.Collections.Generic;"),
            withTorchSharp: true,
            name: "SeedMisuses");
        var (diagnostics, exceptions) = await AnalyzerRun.AnalyzeAsync(compilation);
        Assert.Empty(exceptions);

        var problems = new List<string>();
        var promised = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, text) in files.Where(f => f.Key.Contains($"{Path.DirectorySeparatorChar}Mistakes{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var reported = diagnostics.Where(d => d.Location.SourceTree?.GetText().ToString() == text).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            foreach (Match header in Regex.Matches(text, @"^// (LOSS\d{3})\b", RegexOptions.Multiline))
            {
                var id = header.Groups[1].Value;
                promised.Add(id);
                if (!reported.Contains(id))
                {
                    problems.Add($"{Path.GetFileName(path)} names {id}, which is not reported there (reported: {string.Join(", ", reported.OrderBy(r => r, StringComparer.Ordinal))})");
                }
            }
        }

        var rules = AnalyzerRun.Analyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal);
        problems.AddRange(rules.Where(id => !promised.Contains(id)).Select(id => $"No mistake of the sample demonstrates {id}."));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
