using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.AnalyzerBenchmarks;

/// <summary>Compiling the generated project, with a given set of analyzers, the way the compiler's driver runs them.</summary>
public static class GeneratedCompilation
{
    private static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net80.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location))
        .ToImmutableArray();

    public static SyntaxTree[] Parse(IReadOnlyList<(string Path, string Text)> files) =>
        files.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), f.Path)).ToArray();

    public static CSharpCompilation Create(IEnumerable<SyntaxTree> trees, bool concurrent = true) =>
        CSharpCompilation.Create("Generated", trees, References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: concurrent));

    public static ImmutableArray<DiagnosticAnalyzer> LossAnalyzers() =>
        typeof(LossUsageAnalyzer).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>Every diagnostic of a fresh compilation: the compiler's (binding every body) and the analyzers'.</summary>
    public static int Analyze(SyntaxTree[] trees, ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrent = true)
    {
        var options = new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: concurrent, logAnalyzerExecutionTime: false);
        return Create(trees, concurrent).WithAnalyzers(analyzers, options).GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;
    }
}
