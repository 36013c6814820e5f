using System.Collections.Immutable;
using System.Composition;
using System.Reflection;
using LossAnalyzers.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.Cli.Analysis;

/// <summary>The package's own analyzers, their rules and the code fix providers, found in the shipped assemblies.</summary>
internal sealed class PackageRules
{
    private PackageRules(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixers)
    {
        Analyzers = analyzers;
        Fixers = fixers;
        Rules = analyzers.SelectMany(a => a.SupportedDiagnostics)
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public ImmutableArray<CodeFixProvider> Fixers { get; }

    /// <summary>Every rule, by ID.</summary>
    public ImmutableArray<DiagnosticDescriptor> Rules { get; }

    public static PackageRules Load() => new(
        Instances<DiagnosticAnalyzer>(typeof(LossUsageAnalyzer).Assembly, t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null),
        Instances<CodeFixProvider>(typeof(SolutionCodeFix).Assembly, t => t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null));

    /// <summary>The rules <paramref name="ids"/> names (comma separated, case-insensitive), or every rule; unknown IDs are reported.</summary>
    public bool TrySelect(string? ids, out ImmutableHashSet<string> selected, out string problem)
    {
        problem = string.Empty;
        var known = Rules.Select(r => r.Id).ToImmutableHashSet(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(ids))
        {
            selected = known;
            return true;
        }

        var asked = ids.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries).Select(id => id.Trim().ToUpperInvariant()).ToList();
        var unknown = asked.Where(id => !known.Contains(id)).ToList();
        selected = asked.Where(known.Contains).ToImmutableHashSet(StringComparer.Ordinal);
        if (unknown.Count > 0)
        {
            problem = $"unknown rule(s): {string.Join(", ", unknown)} (see `lossanalyzers rules`).";
            return false;
        }

        return true;
    }

    private static ImmutableArray<T> Instances<T>(Assembly assembly, Func<Type, bool> exported) =>
        assembly.GetTypes()
            .Where(t => typeof(T).IsAssignableFrom(t) && !t.IsAbstract && exported(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();
}
