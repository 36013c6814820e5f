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
    public static ImmutableArray<TensorOrigin> Origins(params string[] sources)
    {
        var compilation = Create(sources);
        var analysis = LossAnalysis.TryCreate(compilation) ?? throw new InvalidOperationException("TorchSharp is not referenced.");
        var origins = ImmutableArray.CreateBuilder<TensorOrigin>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>())
            {
                if (model.GetOperation(node) is IInvocationOperation { TargetMethod: { Name: "Origin", ContainingType.Name: "Probe" } } probe)
                {
                    origins.Add(analysis.OriginOf(probe.Arguments[0].Value));
                }
            }
        }

        return origins.ToImmutable();
    }

    public static TensorOrigin Origin(params string[] sources)
    {
        var origins = Origins(sources);
        Assert.Single(origins);
        return origins[0];
    }
}
