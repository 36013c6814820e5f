using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Reflection;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.Tests.Robustness;

/// <summary>Runs every LossAnalyzers analyzer over a compilation the way the compiler does, collecting their exceptions.</summary>
internal static class AnalyzerRun
{
    /// <summary>A new instance of every analyzer in the LossAnalyzers assembly.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers() =>
        typeof(LossUsageAnalyzer).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    public static CSharpCompilation Compile(IEnumerable<string> sources, bool withTorchSharp, string name = "Damaged")
    {
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"File{i}.cs"));
        return CSharpCompilation.Create(
            name,
            trees,
            withTorchSharp ? References.All : References.Net80,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>The analyzers' diagnostics, and every exception an analyzer threw (as AD0001 would report it).</summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<string> Exceptions)> AnalyzeAsync(
        Compilation compilation, bool concurrent = false, ImmutableArray<DiagnosticAnalyzer> analyzers = default)
    {
        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            (exception, analyzer, diagnostic) => exceptions.Enqueue($"{analyzer.GetType().Name}: {exception}"),
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: false);
        var run = compilation.WithAnalyzers(analyzers.IsDefault ? Analyzers() : analyzers, options);
        var diagnostics = await run.GetAnalyzerDiagnosticsAsync();
        foreach (var failure in diagnostics.Where(d => d.Id == "AD0001"))
        {
            exceptions.Enqueue(failure.GetMessage());
        }

        return (diagnostics, exceptions.ToList());
    }
}
