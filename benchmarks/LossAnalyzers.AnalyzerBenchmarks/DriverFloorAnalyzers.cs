using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.AnalyzerBenchmarks;

/// <summary>Syntax node actions on the kinds the rules read, doing nothing: the driver's cost of dispatching them.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoOpSyntaxAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Nothing = new("NOOP002", "Nothing", "Nothing", "Usage", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Nothing);
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxNodeAction(_ => { }, SyntaxKind.InvocationExpression, SyntaxKind.ObjectCreationExpression, SyntaxKind.ImplicitObjectCreationExpression, SyntaxKind.GreaterThanExpression, SyntaxKind.LessThanExpression, SyntaxKind.MultiplyExpression, SyntaxKind.MultiplyAssignmentExpression, SyntaxKind.NumericLiteralExpression);
    }
}

/// <summary>
/// One semantic model action per tree that walks the tree's syntax and binds nothing: the floor of the registration
/// LossAnalyzers uses (the driver's per-tree events and callbacks, plus a walk).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoOpSemanticModelWalkAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Nothing = new("NOOP003", "Nothing", "Nothing", "Usage", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Nothing);
    public static int Count;
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSemanticModelAction(c =>
        {
            var n = 0;
            foreach (var node in c.SemanticModel.SyntaxTree.GetRoot(c.CancellationToken).DescendantNodes())
            {
                if (node.IsKind(SyntaxKind.InvocationExpression)) n++;
            }
            System.Threading.Interlocked.Add(ref Count, n);
        });
    }
}

/// <summary>One syntax tree action doing nothing: what the driver costs as soon as any analyzer registers anything.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoOpTreeAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Nothing = new("NOOP004", "Nothing", "Nothing", "Usage", DiagnosticSeverity.Hidden, isEnabledByDefault: true);
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Nothing);
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxTreeAction(c => { });
    }
}
