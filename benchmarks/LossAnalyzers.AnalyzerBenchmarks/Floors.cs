using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LossAnalyzers.AnalyzerBenchmarks;

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
