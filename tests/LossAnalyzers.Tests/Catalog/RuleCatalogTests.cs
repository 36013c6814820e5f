using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

using LossAnalyzers.Tests.Infrastructure;

namespace LossAnalyzers.Tests.Catalog;

/// <summary>
/// Every rule the analyzers report is documented and tracked: its page under docs/rules, its release-tracking
/// row, its README row, and a help link to the page. Nothing documented or tracked lacks a descriptor.
/// </summary>
public sealed class RuleCatalogTests
{
    [Fact]
    public void Every_descriptor_matches_its_page_release_row_and_readme_row()
    {
        var descriptors = RuleCatalog.DescriptorsOf(typeof(LossUsageAnalyzer).Assembly);
        Assert.NotEmpty(descriptors);

        var problems = RuleCatalog.Problems(descriptors, Repository.Root);

        Assert.True(
            problems.Count == 0,
            $"The rule catalogue has {problems.Count} problem(s):{Environment.NewLine}" + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
    }

    /// <summary>
    /// A message reads as written in its descriptor: a placeholder stands for a value (a name, a shape, a place, a
    /// count), never for a sentence or a clause of its own, and a rule whose wording differs by case has a descriptor per
    /// case. Caught here: a placeholder that is a sentence by itself, two placeholders side by side, one in place of a
    /// whole clause after a colon or a semicolon.
    /// </summary>
    [Fact]
    public void Message_placeholders_are_values_not_sentences()
    {
        var sentence = new System.Text.RegularExpressions.Regex(@"(^|[.!?;:]\s+)\{\d+\}\s*([.!?]|$)|\}\s*\{");
        foreach (var (_, descriptor) in RuleCatalog.DescriptorsOf(typeof(LossUsageAnalyzer).Assembly))
        {
            var format = descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.False(sentence.IsMatch(format), $"{descriptor.Id}: a placeholder stands for a sentence in \"{format}\".");
        }
    }

    [Fact]
    public void Reflection_finds_every_analyzer_of_the_assembly()
    {
        var descriptors = RuleCatalog.DescriptorsOf(typeof(LossUsageAnalyzer).Assembly);

        Assert.Contains(descriptors, d => d.Analyzer == typeof(LossUsageAnalyzer) && d.Descriptor.Id == "LOSS001");
        Assert.All(descriptors, d => Assert.True(typeof(DiagnosticAnalyzer).IsAssignableFrom(d.Analyzer)));
    }

    [Fact]
    public void A_consistent_repository_has_no_problems()
    {
        using var repository = new FakeRepository();
        repository.Page("LOSS901").Page("LOSS902");
        repository.Shipped("""
            ## Release 0.1

            ### New Rules

            Rule ID | Category | Severity | Notes
            --------|----------|----------|-------
            LOSS901 | Usage | Warning | old
            LOSS903 | Usage | Warning | shipped, then removed

            ## Release 0.2

            ### Changed Rules

            Rule ID | New Category | New Severity | Old Category | Old Severity | Notes
            --------|--------------|--------------|--------------|--------------|-------
            LOSS901 | Usage | Info | Usage | Warning | demoted

            ### Removed Rules

            Rule ID | Category | Severity | Notes
            --------|----------|----------|-------
            LOSS903 | Usage | Warning | gone
            """);
        repository.Unshipped(NewRules("LOSS902 | Usage | Warning | new"));
        repository.Readme(
            "| [LOSS901](docs/rules/LOSS901.md) | Info | the first | implemented |",
            "| [LOSS902](docs/rules/LOSS902.md) | Warning | the second | implemented |",
            "| [LOSS904](docs/rules/LOSS904.md) | Warning | not yet | planned |");

        var problems = RuleCatalog.Problems(
            [Descriptor("LOSS901", DiagnosticSeverity.Info), Descriptor("LOSS902", DiagnosticSeverity.Warning)],
            repository.Root);

        Assert.Empty(problems);
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        using var repository = new FakeRepository();
        repository.Page("LOSS901").Page("LOSS905");
        repository.Unshipped(NewRules(
            "LOSS901 | Design | Warning | wrong category",
            "LOSS902 | Usage | Warning | right",
            "LOSS906 | Usage | Warning | no descriptor"));
        repository.Readme(
            "| [LOSS901](docs/rules/LOSS901.md) | Info | severity differs | implemented |",
            "| [LOSS902](docs/rules/LOSS902.md) | Warning | not said to be implemented | planned |",
            "| [LOSS907](docs/rules/LOSS907.md) | Warning | implemented without a descriptor | implemented |");

        var problems = RuleCatalog.Problems(
            [
                Descriptor("LOSS901", DiagnosticSeverity.Warning),
                Descriptor("LOSS902", DiagnosticSeverity.Warning, category: "Design", title: "", description: "", helpLink: "https://example.com/LOSS902"),
                Descriptor("LOSS903", DiagnosticSeverity.Warning),
            ],
            repository.Root);

        string[] expected =
        [
            // LOSS901: the release row's category and the README's severity disagree with the descriptor.
            "LOSS901: src/LossAnalyzers/AnalyzerReleases.Unshipped.md line 7 has category 'Design', the descriptor 'Usage'.",
            "LOSS901: README.md line 5 has severity 'Info', the descriptor 'Warning'.",

            // LOSS902: empty title and description, another category, a foreign help link, no page, README says planned.
            "LOSS902: the title is empty.",
            "LOSS902: the description is empty.",
            "LOSS902: category is 'Design', expected 'Usage'.",
            "LOSS902: the rule page docs/rules/LOSS902.md is missing.",
            "LOSS902: HelpLinkUri is 'https://example.com/LOSS902', expected 'https://github.com/lossanalyzers/lossanalyzers/blob/main/docs/rules/LOSS902.md'.",
            "LOSS902: HelpLinkUri does not point into https://github.com/lossanalyzers/lossanalyzers/blob/main/.",
            "LOSS902: src/LossAnalyzers/AnalyzerReleases.Unshipped.md line 8 has category 'Usage', the descriptor 'Design'.",
            "LOSS902: README.md line 6 has status 'planned', but the rule has a descriptor: 'implemented'.",

            // LOSS903: nothing but the descriptor; its help link points at a page that does not exist.
            "LOSS903: the rule page docs/rules/LOSS903.md is missing.",
            "LOSS903: HelpLinkUri points at docs/rules/LOSS903.md, which does not exist in the repository.",
            "LOSS903: no row in src/LossAnalyzers/AnalyzerReleases.Shipped.md or src/LossAnalyzers/AnalyzerReleases.Unshipped.md.",
            "LOSS903: no row in the README.md rule table.",

            // The reverse direction.
            "LOSS905: docs/rules/LOSS905.md exists but no analyzer has a descriptor LOSS905.",
            "LOSS906: src/LossAnalyzers/AnalyzerReleases.Unshipped.md line 9 tracks the rule but no analyzer has a descriptor LOSS906.",
            "LOSS907: README.md line 7 says 'implemented' but no analyzer has a descriptor LOSS907.",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), problems.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_wrong_page_heading_and_readme_link_are_problems()
    {
        using var repository = new FakeRepository();
        repository.Page("LOSS901", heading: "# LOSS009: copied from another page");
        repository.Unshipped(NewRules("LOSS901 | Usage | Warning | ok"));
        repository.Readme("| [LOSS901](docs/rules/LOSS001.md) | Warning | wrong link | implemented |");

        var problems = RuleCatalog.Problems([Descriptor("LOSS901", DiagnosticSeverity.Warning)], repository.Root);

        Assert.Equal(
            [
                "LOSS901: docs/rules/LOSS901.md does not start with a '# LOSS901: ...' heading.",
                "LOSS901: README.md line 5 links to 'docs/rules/LOSS001.md', expected 'docs/rules/LOSS901.md'.",
            ],
            problems);
    }

    [Fact]
    public void The_repository_root_is_the_folder_with_the_solution()
    {
        var root = Repository.Root;

        Assert.True(File.Exists(Path.Combine(root, "LossAnalyzers.sln")));
        Assert.True(Directory.Exists(Path.Combine(root, RuleCatalog.RulesFolder)));
    }

    private static (Type, DiagnosticDescriptor) Descriptor(
        string id,
        DiagnosticSeverity severity,
        string category = "Usage",
        string title = "A title",
        string description = "A description.",
        string? helpLink = null) =>
        (typeof(FakeAnalyzer), new DiagnosticDescriptor(
            id, title, "A message", category, severity, isEnabledByDefault: true, description,
            helpLink ?? RuleCatalog.RepositoryBlobUrl + $"docs/rules/{id}.md"));

    private static string NewRules(params string[] rows) =>
        "; Unshipped analyzer release\n\n### New Rules\n\nRule ID | Category | Severity | Notes\n--------|----------|----------|-------\n"
        + string.Join("\n", rows) + "\n";

    private sealed class FakeAnalyzer
    {
    }

    /// <summary>A throw-away repository layout in a temporary folder.</summary>
    private sealed class FakeRepository : IDisposable
    {
        public FakeRepository()
        {
            Root = Path.Combine(Path.GetTempPath(), "rule-catalog-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path.Combine(Root, "docs", "rules"));
            Directory.CreateDirectory(Path.Combine(Root, "src", "LossAnalyzers"));
            File.WriteAllText(Path.Combine(Root, "LossAnalyzers.sln"), string.Empty);
            Shipped("; Shipped analyzer releases\n");
        }

        public string Root { get; }

        public FakeRepository Page(string id, string? heading = null)
        {
            File.WriteAllText(Path.Combine(Root, "docs", "rules", id + ".md"), (heading ?? $"# {id}: a rule") + "\n\nText.\n");
            return this;
        }

        public void Shipped(string text) => File.WriteAllText(Path.Combine(Root, "src", "LossAnalyzers", "AnalyzerReleases.Shipped.md"), text);

        public void Unshipped(string text) => File.WriteAllText(Path.Combine(Root, "src", "LossAnalyzers", "AnalyzerReleases.Unshipped.md"), text);

        /// <summary>A README whose rule table starts on line 3, so its rows are lines 5, 6, 7, ...</summary>
        public void Readme(params string[] rows) => File.WriteAllText(
            Path.Combine(Root, "README.md"),
            "# Fake\n\n| ID | Severity | What it finds | Status |\n|---|---|---|---|\n" + string.Join("\n", rows) + "\n\nAfter the table.\n");

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
