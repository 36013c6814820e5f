using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.AnalyzerBenchmarks;

/// <summary>
/// Analyzers that report nothing and differ only in what they register: each isolates a part of what the analyzer
/// driver costs before any rule logic runs, so the LossAnalyzers rows can be read against them.
/// </summary>
public abstract class FloorAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor Nothing = new("FLOOR001", "Nothing", "Nothing", "Usage", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Nothing);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        Register(context);
    }

    protected abstract void Register(AnalysisContext context);
}

/// <summary>Registers nothing: the driver skips its event machinery, the baseline.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EmptyAnalyzer : FloorAnalyzer
{
    protected override void Register(AnalysisContext context)
    {
    }
}

/// <summary>One syntax tree action doing nothing: what the driver costs as soon as any analyzer registers anything.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoOpTreeAnalyzer : FloorAnalyzer
{
    protected override void Register(AnalysisContext context) => context.RegisterSyntaxTreeAction(_ => { });
}

/// <summary>Syntax node actions on the kinds the rules read, doing nothing: the driver's cost of dispatching them.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoOpSyntaxAnalyzer : FloorAnalyzer
{
    protected override void Register(AnalysisContext context) => context.RegisterSyntaxNodeAction(
        _ => { },
        SyntaxKind.InvocationExpression, SyntaxKind.ObjectCreationExpression, SyntaxKind.ImplicitObjectCreationExpression, SyntaxKind.GreaterThanExpression,
        SyntaxKind.LessThanExpression, SyntaxKind.MultiplyExpression, SyntaxKind.MultiplyAssignmentExpression, SyntaxKind.NumericLiteralExpression);
}

/// <summary>
/// One semantic model action per tree that walks the tree's syntax and binds nothing: the floor of the registration
/// LossAnalyzers uses (the driver's per-tree events and callbacks, plus a walk).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoOpSemanticModelWalkAnalyzer : FloorAnalyzer
{
    public static int Invocations;

    protected override void Register(AnalysisContext context) => context.RegisterSemanticModelAction(c =>
    {
        var count = 0;
        foreach (var node in c.SemanticModel.SyntaxTree.GetRoot(c.CancellationToken).DescendantNodes())
        {
            if (node.IsKind(SyntaxKind.InvocationExpression))
            {
                count++;
            }
        }

        // Published so the walk cannot be optimised away.
        System.Threading.Interlocked.Add(ref Invocations, count);
    });
}

/// <summary>
/// Operation actions on the kinds the first design of LossAnalyzers registered, doing nothing: what the driver costs
/// to build the operation trees of every method body and call back.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoOpOperationAnalyzer : FloorAnalyzer
{
    protected override void Register(AnalysisContext context) => context.RegisterOperationAction(
        _ => { }, OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.Binary, OperationKind.CompoundAssignment);
}
