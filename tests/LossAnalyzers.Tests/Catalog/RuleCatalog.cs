using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.Tests.Catalog;

/// <summary>
/// Checks that the descriptors of the analyzers agree with what the repository says about them: the rule pages
/// under docs/rules, the release-tracking files and the README rule table. Every problem is collected, so one
/// failing run lists all of them.
/// </summary>
internal static class RuleCatalog
{
    public const string RepositoryBlobUrl = "https://github.com/lossanalyzers/lossanalyzers/blob/main/";
    public const string ShippedPath = "src/LossAnalyzers/AnalyzerReleases.Shipped.md";
    public const string UnshippedPath = "src/LossAnalyzers/AnalyzerReleases.Unshipped.md";
    public const string ReadmePath = "README.md";
    public const string RulesFolder = "docs/rules";
    public const string ExpectedCategory = "Usage";

    private static readonly Regex RulePageName = new(@"^LOSS\d{3}\.md$", RegexOptions.CultureInvariant);
    private static readonly Regex ReadmeIdCell = new(@"^\[(?<id>[A-Za-z]+\d+)\]\((?<path>[^)\s]+)\)$", RegexOptions.CultureInvariant);

    /// <summary>Every descriptor of every <see cref="DiagnosticAnalyzer"/> type in <paramref name="assembly"/>, by ID.</summary>
    public static ImmutableArray<(Type Analyzer, DiagnosticDescriptor Descriptor)> DescriptorsOf(Assembly assembly)
    {
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types;
        }

        var builder = ImmutableArray.CreateBuilder<(Type, DiagnosticDescriptor)>();
        foreach (var type in types.OfType<Type>().Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type, nonPublic: true)!;
            foreach (var descriptor in analyzer.SupportedDiagnostics)
            {
                builder.Add((type, descriptor));
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Every disagreement between <paramref name="descriptors"/> and the repository at <paramref name="root"/>.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<(Type Analyzer, DiagnosticDescriptor Descriptor)> descriptors, string root)
    {
        var problems = new List<string>();
        var byId = new SortedDictionary<string, DiagnosticDescriptor>(StringComparer.Ordinal);
        foreach (var (analyzer, descriptor) in descriptors)
        {
            if (byId.TryGetValue(descriptor.Id, out var earlier))
            {
                // One rule may word its message by case (one descriptor per case); everything else about it is one.
                if (!SameRule(earlier, descriptor))
                {
                    problems.Add($"{descriptor.Id}: {analyzer.Name} declares a descriptor whose title, description, category, severity or help link differs from another descriptor with the same ID.");
                }

                if (string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture)))
                {
                    problems.Add($"{descriptor.Id}: a message format is empty.");
                }

                continue;
            }

            byId.Add(descriptor.Id, descriptor);
        }

        var releases = ReadReleases(root, problems);
        var readme = ReadReadmeTable(root, problems);

        foreach (var descriptor in byId.Values)
        {
            CheckDescriptor(descriptor, root, releases, readme, problems);
        }

        // The reverse direction: nothing in the repository claims a rule that has no descriptor.
        var pages = Path.Combine(root, RulesFolder);
        if (Directory.Exists(pages))
        {
            foreach (var page in Directory.EnumerateFiles(pages).Select(Path.GetFileName).Where(n => RulePageName.IsMatch(n!)).OrderBy(n => n, StringComparer.Ordinal))
            {
                var id = Path.GetFileNameWithoutExtension(page!);
                if (!byId.ContainsKey(id))
                {
                    problems.Add($"{id}: {RulesFolder}/{page} exists but no analyzer has a descriptor {id}.");
                }
            }
        }

        foreach (var (id, row) in releases)
        {
            if (!byId.ContainsKey(id))
            {
                problems.Add($"{id}: {row.File} line {row.Line} tracks the rule but no analyzer has a descriptor {id}.");
            }
        }

        foreach (var (id, row) in readme)
        {
            if (string.Equals(row.Status, "implemented", StringComparison.OrdinalIgnoreCase) && !byId.ContainsKey(id))
            {
                problems.Add($"{id}: {ReadmePath} line {row.Line} says 'implemented' but no analyzer has a descriptor {id}.");
            }
        }

        return problems;
    }

    private static bool SameRule(DiagnosticDescriptor a, DiagnosticDescriptor b) =>
        a.Title.Equals(b.Title) && a.Description.Equals(b.Description) && a.Category == b.Category
        && a.DefaultSeverity == b.DefaultSeverity && a.IsEnabledByDefault == b.IsEnabledByDefault && a.HelpLinkUri == b.HelpLinkUri;

    private static void CheckDescriptor(
        DiagnosticDescriptor descriptor,
        string root,
        IReadOnlyDictionary<string, ReleaseRow> releases,
        IReadOnlyDictionary<string, ReadmeRow> readme,
        List<string> problems)
    {
        var id = descriptor.Id;
        var severity = descriptor.DefaultSeverity.ToString();

        if (string.IsNullOrWhiteSpace(descriptor.Title.ToString(CultureInfo.InvariantCulture)))
        {
            problems.Add($"{id}: the title is empty.");
        }

        if (string.IsNullOrWhiteSpace(descriptor.Description.ToString(CultureInfo.InvariantCulture)))
        {
            problems.Add($"{id}: the description is empty.");
        }

        if (string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture)))
        {
            problems.Add($"{id}: the message format is empty.");
        }

        if (descriptor.Category != ExpectedCategory)
        {
            problems.Add($"{id}: category is '{descriptor.Category}', expected '{ExpectedCategory}'.");
        }

        // The rule page.
        var pagePath = $"{RulesFolder}/{id}.md";
        var page = Path.Combine(root, RulesFolder, id + ".md");
        if (!File.Exists(page))
        {
            problems.Add($"{id}: the rule page {pagePath} is missing.");
        }
        else if (File.ReadLines(page).FirstOrDefault(l => l.Trim().Length > 0) is not { } heading || !heading.StartsWith($"# {id}", StringComparison.Ordinal))
        {
            problems.Add($"{id}: {pagePath} does not start with a '# {id}: ...' heading.");
        }

        // The help link: the page on the main branch, and that path must exist in this repository.
        var expectedLink = RepositoryBlobUrl + pagePath;
        if (descriptor.HelpLinkUri != expectedLink)
        {
            problems.Add($"{id}: HelpLinkUri is '{descriptor.HelpLinkUri}', expected '{expectedLink}'.");
        }

        if (descriptor.HelpLinkUri.StartsWith(RepositoryBlobUrl, StringComparison.Ordinal))
        {
            var linked = descriptor.HelpLinkUri.Substring(RepositoryBlobUrl.Length);
            if (!File.Exists(Path.Combine(root, linked.Replace('/', Path.DirectorySeparatorChar))))
            {
                problems.Add($"{id}: HelpLinkUri points at {linked}, which does not exist in the repository.");
            }
        }
        else
        {
            problems.Add($"{id}: HelpLinkUri does not point into {RepositoryBlobUrl}.");
        }

        // Release tracking.
        if (!releases.TryGetValue(id, out var release))
        {
            problems.Add($"{id}: no row in {ShippedPath} or {UnshippedPath}.");
        }
        else
        {
            if (release.Category != descriptor.Category)
            {
                problems.Add($"{id}: {release.File} line {release.Line} has category '{release.Category}', the descriptor '{descriptor.Category}'.");
            }

            if (release.Severity != severity)
            {
                problems.Add($"{id}: {release.File} line {release.Line} has severity '{release.Severity}', the descriptor '{severity}'.");
            }
        }

        // The README rule table.
        if (!readme.TryGetValue(id, out var row))
        {
            problems.Add($"{id}: no row in the {ReadmePath} rule table.");
        }
        else
        {
            if (row.Severity != severity)
            {
                problems.Add($"{id}: {ReadmePath} line {row.Line} has severity '{row.Severity}', the descriptor '{severity}'.");
            }

            if (!string.Equals(row.Status, "implemented", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{id}: {ReadmePath} line {row.Line} has status '{row.Status}', but the rule has a descriptor: 'implemented'.");
            }

            if (row.Link != pagePath)
            {
                problems.Add($"{id}: {ReadmePath} line {row.Line} links to '{row.Link}', expected '{pagePath}'.");
            }
        }
    }

    internal sealed record ReleaseRow(string Category, string Severity, string File, int Line);

    internal sealed record ReadmeRow(string Severity, string Status, string Link, int Line);

    /// <summary>
    /// The rules as the release-tracking files leave them: Shipped.md, then Unshipped.md, each read top to bottom;
    /// "New Rules" and "Changed Rules" set a rule's category and severity, "Removed Rules" removes it.
    /// </summary>
    internal static IReadOnlyDictionary<string, ReleaseRow> ReadReleases(string root, List<string> problems)
    {
        var rules = new SortedDictionary<string, ReleaseRow>(StringComparer.Ordinal);
        foreach (var relative in new[] { ShippedPath, UnshippedPath })
        {
            var path = Path.Combine(root, relative);
            if (!File.Exists(path))
            {
                problems.Add($"{relative} is missing.");
                continue;
            }

            string? section = null;
            var number = 0;
            foreach (var raw in File.ReadLines(path))
            {
                number++;
                var line = raw.Trim();
                if (line.Length == 0 || line.StartsWith(';') || line.StartsWith("## ", StringComparison.Ordinal))
                {
                    continue;
                }

                if (line.StartsWith("### ", StringComparison.Ordinal))
                {
                    section = line.Substring(4).Trim();
                    continue;
                }

                if (line.StartsWith("Rule ID", StringComparison.Ordinal) || line.StartsWith("-", StringComparison.Ordinal))
                {
                    continue;
                }

                var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                var id = cells[0];
                switch (section)
                {
                    case "New Rules" when cells.Length >= 3:
                    case "Changed Rules" when cells.Length >= 3:
                        // Changed Rules: Rule ID | New Category | New Severity | Old Category | Old Severity | Notes.
                        rules[id] = new ReleaseRow(cells[1], cells[2], relative, number);
                        break;
                    case "Removed Rules":
                        rules.Remove(id);
                        break;
                    default:
                        problems.Add($"{relative} line {number}: '{line}' is not a rule row of a New, Changed or Removed Rules table.");
                        break;
                }
            }
        }

        return rules;
    }

    /// <summary>The rows of the README's rule table: <c>| [ID](docs/rules/ID.md) | Severity | What it finds | Status |</c>.</summary>
    internal static IReadOnlyDictionary<string, ReadmeRow> ReadReadmeTable(string root, List<string> problems)
    {
        var rows = new SortedDictionary<string, ReadmeRow>(StringComparer.Ordinal);
        var path = Path.Combine(root, ReadmePath);
        if (!File.Exists(path))
        {
            problems.Add($"{ReadmePath} is missing.");
            return rows;
        }

        var lines = File.ReadAllLines(path);
        var header = Array.FindIndex(lines, l => Regex.IsMatch(l, @"^\|\s*ID\s*\|\s*Severity\s*\|.*\|\s*Status\s*\|\s*$"));
        if (header < 0)
        {
            problems.Add($"{ReadmePath} has no rule table (a header row '| ID | Severity | ... | Status |').");
            return rows;
        }

        for (var i = header + 2; i < lines.Length && lines[i].TrimStart().StartsWith('|'); i++)
        {
            var cells = lines[i].Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            var match = ReadmeIdCell.Match(cells[0]);
            if (cells.Length < 4 || !match.Success)
            {
                problems.Add($"{ReadmePath} line {i + 1}: '{lines[i].Trim()}' is not a rule row '| [ID](docs/rules/ID.md) | Severity | What it finds | Status |'.");
                continue;
            }

            var id = match.Groups["id"].Value;
            if (rows.ContainsKey(id))
            {
                problems.Add($"{ReadmePath} line {i + 1}: a second row for {id}.");
                continue;
            }

            rows.Add(id, new ReadmeRow(cells[1], cells[cells.Length - 1], match.Groups["path"].Value, i + 1));
        }

        return rows;
    }
}
