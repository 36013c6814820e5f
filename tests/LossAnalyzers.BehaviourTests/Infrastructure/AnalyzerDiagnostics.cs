using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>Runs the LossAnalyzers analyzers over a project and returns their diagnostics with one ID.</summary>
internal static class AnalyzerDiagnostics
{
    public static async Task<ImmutableArray<Diagnostic>> GetAsync(Project project, string id, CancellationToken cancellationToken = default)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
                          ?? throw new InvalidOperationException("The project has no compilation.");
        var exceptions = new ConcurrentQueue<string>();
        var withAnalyzers = compilation.WithAnalyzers(
            ImmutableArray.Create<DiagnosticAnalyzer>(new LossUsageAnalyzer(), new ScalarTypeZeroAnalyzer()),
            new CompilationWithAnalyzersOptions(
                project.AnalyzerOptions,
                (exception, _, _) => exceptions.Enqueue(exception.ToString()),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        Assert.True(exceptions.IsEmpty, "The analyzer threw:\n" + string.Join("\n", exceptions));
        return diagnostics
            .Where(d => d.Id == id)
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }
}
