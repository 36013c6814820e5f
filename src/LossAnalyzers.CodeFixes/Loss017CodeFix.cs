using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS017: <c>reduction: Reduction.Sum</c> on the functional call or the construction, and every call's result divided
/// by its input's batch size, <c>(loss / input.shape[0])</c>. Offered only where every call of the loss is visible and
/// its input can be read again unchanged (a local, a parameter or a readonly field the call does not assign).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss017CodeFix))]
[Shared]
public sealed class Loss017CodeFix : SolutionCodeFix
{
    public Loss017CodeFix()
        : base("LOSS017", ("LOSS017.SumOverBatch", "Use Reduction.Sum and divide by the batch size"))
    {
    }

    private protected override Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken) =>
        NodeEdits.FixAsync(solution, diagnostics, Edits, cancellationToken);

    private static ImmutableArray<NodeEdit> Edits(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node)
    {
        // Reported on the reduction argument (its value) or on the construction / functional call itself.
        var subject = node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: { } owner } } ? owner : node;
        var operation = analysis.Model(subject.SyntaxTree).GetOperation(subject);
        var sum = $"{new TorchNames(analysis, subject).Reduction}.Sum";
        if (operation is IInvocationOperation invocation && analysis.TryGetLossCall(invocation, out var functional) && functional.IsFunctional)
        {
            var reduction = ArgumentEdit.Set(analysis, subject, KLDivSettings.ReductionParameter, sum);
            return reduction is not null && Divided(analysis, functional) is { } divide
                ? ImmutableArray.Create(new NodeEdit(subject, current => divide.Rewrite(reduction.Rewrite(current))))
                : default;
        }

        if (operation is null || analysis.ConstructionAt(operation) is null)
        {
            return default;
        }

        var calls = analysis.CallsOf(operation);
        var construction = ArgumentEdit.Set(analysis, subject, KLDivSettings.ReductionParameter, sum);
        if (calls.IsDefaultOrEmpty || construction is null)
        {
            return default;
        }

        var edits = ImmutableArray.CreateBuilder<NodeEdit>();
        edits.Add(construction);
        foreach (var call in calls)
        {
            if (Divided(analysis, call) is not { } divide)
            {
                return default;
            }

            edits.Add(divide);
        }

        return edits.ToImmutable();
    }

    /// <summary>The call's result divided by its input's batch size; null when the input cannot be read again after the call.</summary>
    private static NodeEdit? Divided(LossAnalysis analysis, LossCall call)
    {
        var syntax = call.Invocation.Syntax;
        if (syntax.Parent is ExpressionStatementSyntax or ConditionalAccessExpressionSyntax || !ReadableAgain(call))
        {
            return null;
        }

        var batch = $"{call.Input.Value.Syntax}.shape[0]";
        return new NodeEdit(syntax, current => SyntaxFactory.ParenthesizedExpression(
                SyntaxFactory.BinaryExpression(
                    SyntaxKind.DivideExpression,
                    ((ExpressionSyntax)current).WithoutTrivia(),
                    SyntaxFactory.ParseExpression(batch)))
            .WithAdditionalAnnotations(Simplifier.Annotation));
    }

    /// <summary>A local, a parameter or a readonly field that nothing in the call assigns or passes by reference.</summary>
    private static bool ReadableAgain(LossCall call)
    {
        var input = call.Input.Value;
        ISymbol? symbol = input switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation { Field.IsReadOnly: true, Instance: null or IInstanceReferenceOperation } field => field.Field,
            _ => null,
        };
        if (symbol is null || input.Syntax is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }))
        {
            return false;
        }

        return !call.Invocation.Descendants().Any(operation =>
            operation is IAssignmentOperation { Target: var target } && Names(target, symbol)
            || operation is IArgumentOperation { Parameter.RefKind: not RefKind.None, Value: var passed } && Names(passed, symbol));
    }

    private static bool Names(IOperation operation, ISymbol symbol) => operation switch
    {
        ILocalReferenceOperation local => SymbolEqualityComparer.Default.Equals(local.Local, symbol),
        IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, symbol),
        IFieldReferenceOperation field => SymbolEqualityComparer.Default.Equals(field.Field, symbol),
        _ => false,
    };
}
