using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Tests.Infrastructure;

/// <summary>Compiles test sources and asks the shared analysis about the expressions passed to <c>Probe.Origin</c>.</summary>
internal static class TestCompilation
{
    /// <summary>Added to every compilation: <c>Probe.Origin(expr)</c> marks an expression whose origin a test checks.</summary>
    public const string ProbeSource = """
        using TorchSharp;
        public static class Probe
        {
            public static void Origin(torch.Tensor tensor) { }
            public static void Weights(torch.Tensor tensor) { }
        }
        """;

    public static CSharpCompilation Create(params string[] sources) => Create(References.All, sources);

    public static CSharpCompilation Create(IEnumerable<MetadataReference> references, params string[] sources)
    {
        var trees = sources.Append(ProbeSource)
            .Select((text, i) => CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest), path: $"File{i}.cs"))
            .ToList();
        var topLevel = trees.Any(t => t.GetRoot().ChildNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any());
        var compilation = CSharpCompilation.Create(
            "Probes",
            trees,
            references,
            new CSharpCompilationOptions(
                topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "Test source does not compile:\n" + string.Join("\n", errors));
        return compilation;
    }

    /// <summary>The origin of every <c>Probe.Origin(...)</c> argument, in source order.</summary>
    public static ImmutableArray<TensorOrigin> Origins(params string[] sources) =>
        Probes(sources, "Origin", (analysis, argument) => analysis.OriginOf(argument));

    /// <summary>The weight values of every <c>Probe.Weights(...)</c> argument, in source order.</summary>
    public static ImmutableArray<WeightValues?> Weights(params string[] sources) =>
        Probes(sources, "Weights", (analysis, argument) => analysis.WeightsOf(argument));

    private static ImmutableArray<T> Probes<T>(string[] sources, string probeName, Func<LossAnalysis, IOperation, T> ask)
    {
        var compilation = Create(sources);
        var analysis = LossAnalysis.TryCreate(compilation) ?? throw new InvalidOperationException("TorchSharp is not referenced.");
        var results = ImmutableArray.CreateBuilder<T>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>())
            {
                if (model.GetOperation(node) is IInvocationOperation { TargetMethod.ContainingType.Name: "Probe" } probe && probe.TargetMethod.Name == probeName)
                {
                    results.Add(ask(analysis, probe.Arguments[0].Value));
                }
            }
        }

        return results.ToImmutable();
    }

    public static TensorOrigin Origin(params string[] sources)
    {
        var origins = Origins(sources);
        Assert.Single(origins);
        return origins[0];
    }
}
