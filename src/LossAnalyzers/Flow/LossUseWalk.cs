using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Flow;

/// <summary>
/// Follows one loss construction forward to the calls that evaluate it: through the locals, fields and properties
/// that hold it, <c>.to(device)</c>/<c>.cuda()</c> moves, getters and methods that return it (to their callers), and
/// the parameters of this compilation's methods it is passed to (to their uses). Anything else it reaches (a
/// collection, a method outside the compilation, a lambda's result) may call it where the walk cannot see: the walk
/// then <em>escapes</em>. One visited set cuts cycles; a hop budget bounds the work.
/// </summary>
internal sealed class LossUseWalk
{
    private const int MaxHops = 16;

    private readonly LossAnalysis analysis;
    private readonly LossConstruction construction;
    private readonly HashSet<SyntaxNode> visited = new();
    private readonly HashSet<ISymbol> holders = new(SymbolEqualityComparer.Default);
    private readonly ImmutableArray<LossCall>.Builder calls = ImmutableArray.CreateBuilder<LossCall>();
    private bool escapes;

    public LossUseWalk(LossAnalysis analysis, LossConstruction construction)
    {
        this.analysis = analysis;
        this.construction = construction;
    }

    /// <summary>The calls of the loss that the walk sees, and whether it also goes where calls cannot be seen.</summary>
    public LossUses Uses()
    {
        Follow(construction.Creation, 0);
        return new LossUses(calls.ToImmutable(), escapes);
    }

    private void Follow(IOperation value, int hops)
    {
        if (!visited.Add(value.Syntax))
        {
            return;
        }

        if (hops > MaxHops)
        {
            escapes = true;
            return;
        }

        var current = value;
        while (current.Parent is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case IConditionalOperation choice when choice.Condition != current:
                // One candidate of `flag ? BCELoss() : other`: where the choice goes, this loss may go.
                Follow(choice, hops + 1);
                return;
            case ICoalesceOperation coalesce:
                Follow(coalesce, hops + 1);
                return;
            case ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation choice } arm when arm.Value == current:
                Follow(choice, hops + 1);
                return;
            case IInvocationOperation use when use.Instance == current:
                UsedAsReceiver(use, hops);
                return;
            case IArgumentOperation { Parent: IInvocationOperation move } when analysis.IsModuleMove(move, out var moved) && moved == current:
                Follow(move, hops + 1);
                return;
            case IArgumentOperation argument:
                IntoParameter(argument, hops);
                return;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                IntoVariable(declarator.Symbol, current, hops);
                return;
            case IFieldInitializerOperation { InitializedFields.Length: 1 } field:
                IntoMember(field.InitializedFields[0], hops);
                return;
            case IPropertyInitializerOperation { InitializedProperties.Length: 1 } property:
                IntoMember(property.InitializedProperties[0], hops);
                return;
            case ICoalesceAssignmentOperation coalesce when coalesce.Value == current:
                // `loss ??= BCELoss()`: the target may hold it, and so does the expression's own value.
                Follow(coalesce, hops + 1);
                IntoTarget(coalesce.Target, current, hops);
                return;
            case ISimpleAssignmentOperation assignment when assignment.Value == current && !assignment.IsRef:
                IntoTarget(assignment.Target, current, hops);
                return;
            case IReturnOperation:
                Returned(current, hops);
                return;
            case IExpressionStatementOperation or IUsingOperation or IUsingDeclarationOperation:
                // Built and dropped, or only disposed.
                return;
            default:
                escapes = true;
                return;
        }
    }

    /// <summary>The variable, field or property an assignment of the loss writes.</summary>
    private void IntoTarget(IOperation target, IOperation anchor, int hops)
    {
        switch (target)
        {
            case ILocalReferenceOperation local:
                IntoVariable(local.Local, anchor, hops);
                return;
            case IParameterReferenceOperation parameter:
                IntoVariable(parameter.Parameter.OriginalDefinition, anchor, hops);
                return;
            case IFieldReferenceOperation field:
                IntoMember(field.Field, hops);
                return;
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                IntoMember(property.Property, hops);
                return;
            default:
                escapes = true;
                return;
        }
    }

    private void UsedAsReceiver(IInvocationOperation use, int hops)
    {
        if (use.TargetMethod.Name is "forward" or "call" && use.Arguments.Length == 2)
        {
            calls.Add(analysis.TryGetLossCall(use, out var recognised) && recognised.Constructions.Any(c => c.Creation.Syntax == construction.Creation.Syntax)
                ? recognised
                : new LossCall(construction.Kind, use, use.Arguments[0], use.Arguments[1], ImmutableArray.Create(construction)));
            return;
        }

        if (analysis.IsModuleMove(use, out _))
        {
            Follow(use, hops + 1);
        }

        // Any other member (Dispose, train, eval, parameters) does not evaluate the loss.
    }

    /// <summary>A parameter of a method of this compilation takes the loss: its uses in that method are the loss's.</summary>
    private void IntoParameter(IArgumentOperation argument, int hops)
    {
        if (argument.Parameter is not { RefKind: RefKind.None, IsParams: false } parameter
            || parameter.ContainingSymbol is not IMethodSymbol { DeclaringSyntaxReferences.Length: > 0 } method
            || method.IsAbstract || method.IsVirtual || method.IsOverride)
        {
            // Handed to code that may call it where it cannot be seen.
            escapes = true;
            return;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (analysis.Model(reference.SyntaxTree).GetOperation(reference.GetSyntax()) is not { } body)
            {
                escapes = true;
                return;
            }

            IntoVariable(parameter.OriginalDefinition, body, hops);
        }
    }

    /// <summary>Every read of a local or parameter in the body that holds <paramref name="anchor"/>.</summary>
    private void IntoVariable(ISymbol variable, IOperation anchor, int hops)
    {
        foreach (var operation in LocalDefinitions.Root(anchor).Descendants())
        {
            var symbol = operation switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => (ISymbol)parameter.Parameter.OriginalDefinition,
                _ => null,
            };
            if (symbol is not null && SymbolEqualityComparer.Default.Equals(symbol, variable) && !IsWritten(operation))
            {
                Follow(operation, hops + 1);
            }
        }
    }

    private void IntoMember(ISymbol member, int hops)
    {
        if (!holders.Add(member.OriginalDefinition))
        {
            return;
        }

        if (member.DeclaringSyntaxReferences.IsEmpty || Visibility.IsVisibleOutside(member))
        {
            // Other assemblies may read it and call the loss where the walk cannot see.
            escapes = true;
        }

        foreach (var reference in analysis.ReferencesTo(member))
        {
            if (!IsWritten(reference))
            {
                Follow(reference, hops + 1);
            }
        }
    }

    /// <summary>Returned from a getter (its property's readers get it) or a method (its callers do).</summary>
    private void Returned(IOperation value, int hops)
    {
        var body = LocalDefinitions.Root(value);
        if (analysis.Model(body.Syntax.SyntaxTree).GetEnclosingSymbol(value.Syntax.SpanStart) is not IMethodSymbol method)
        {
            escapes = true;
            return;
        }

        switch (method.MethodKind)
        {
            case MethodKind.PropertyGet when method.AssociatedSymbol is IPropertySymbol { IsIndexer: false } property:
                IntoMember(property, hops);
                return;
            case MethodKind.Ordinary when !method.IsAbstract && !method.IsVirtual && !method.IsOverride:
                // A factory: each of its calls holds the loss. A method returned to twice is followed once; one that other
                // assemblies can call hands the loss out of the compilation.
                if (Visibility.IsVisibleOutside(method))
                {
                    escapes = true;
                }

                if (holders.Add(method.OriginalDefinition))
                {
                    if (analysis.CallSitesOf(method) is not { } calls)
                    {
                        escapes = true;
                        return;
                    }

                    foreach (var call in calls)
                    {
                        Follow(call, hops + 1);
                    }
                }

                return;
            default:
                // A lambda or local function: where its result goes is not followed.
                escapes = true;
                return;
        }
    }

    private static bool IsWritten(IOperation reference) =>
        reference.Parent is ISimpleAssignmentOperation { Target: var target } && target == reference
        || reference.Parent is IDeconstructionAssignmentOperation or ICompoundAssignmentOperation or ICoalesceAssignmentOperation;
}
