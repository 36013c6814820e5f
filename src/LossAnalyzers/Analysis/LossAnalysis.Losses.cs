using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

internal sealed partial class LossAnalysis
{
    /// <summary>
    /// Recognises a classification loss evaluation: <c>functional.binary_cross_entropy(p, y)</c> and friends, or
    /// <c>criterion.forward(p, y)</c> / <c>criterion.call(p, y)</c> where <c>criterion</c> traces back to a loss
    /// construction (or is declared as one of the loss types).
    /// </summary>
    public bool TryGetLossCall(IInvocationOperation invocation, out LossCall call)
    {
        call = lossCalls.Get(invocation, state => LossCallOf(invocation, state))!;
        return call is not null;
    }

    private LossCall? LossCallOf(IInvocationOperation invocation, TraceState state)
    {
        LossCall? call = null;
        var method = invocation.TargetMethod;
        switch (method.Name)
        {
            case var name when LossCatalog.ByFunctionalName(name) is { } functional:
                return SymbolEqualityComparer.Default.Equals(method.ContainingType, Symbols.Functional)
                       && TryCreate(functional.Kind, invocation, ImmutableArray<LossConstruction>.Empty, out call)
                    ? call
                    : null;

            case "forward" or "call":
                if (invocation.Instance is not { } receiver
                    || invocation.Arguments.Length < 2
                    || invocation.Arguments.Length > LossCatalog.MostInputs
                    || !Symbols.IsModule(receiver.Type))
                {
                    return null;
                }

                var constructions = Constructions(receiver, state) is { IsDefaultOrEmpty: false } found ? found : default;
                LossKind kind;
                if (!constructions.IsDefaultOrEmpty)
                {
                    kind = constructions[0].Kind;
                    if (constructions.Any(c => c.Kind != kind))
                    {
                        return null;
                    }
                }
                else if (KindOfType(receiver.Type) is { } declared)
                {
                    kind = declared;
                    constructions = ImmutableArray<LossConstruction>.Empty;
                }
                else
                {
                    return null;
                }

                // A loss's forward takes exactly its tensors; a user's module that merely holds one takes its own.
                return invocation.Arguments.Length == LossCatalog.Of(kind).Inputs && TryCreate(kind, invocation, constructions, out call) ? call : null;

            default:
                return null;
        }
    }

    private static bool TryCreate(LossKind kind, IInvocationOperation invocation, ImmutableArray<LossConstruction> constructions, out LossCall? call)
    {
        var input = OperationFacts.Argument(invocation, 0);
        var target = OperationFacts.Argument(invocation, LossCatalog.Of(kind).TargetIndex);
        if (input is null || target is null)
        {
            call = null;
            return false;
        }

        call = new LossCall(kind, invocation, input, target, constructions);
        return true;
    }

    /// <summary>Every construction the loss expression may hold; default when any of them is not visible.</summary>
    public ImmutableArray<LossConstruction> ConstructionsOf(IOperation loss) =>
        Constructions(loss, new TraceState()) is { IsDefaultOrEmpty: false } constructions ? constructions : default;

    /// <summary>The constructions behind a loss value, also through <c>.to(device)</c>-style moves; default when one is not visible.</summary>
    private ImmutableArray<LossConstruction> Constructions(IOperation loss, TraceState state)
    {
        var candidates = Flow.Sources.Answers(
            loss,
            state,
            leaf => KindOfCreation(leaf) is { } kind ? ImmutableArray.Create(new LossConstruction(kind, leaf))
                : leaf is IInvocationOperation move && IsModuleMove(move, out var moved) ? Constructions(moved, state)
                : default,
            tooDeep: default(ImmutableArray<LossConstruction>));
        return candidates.IsDefault || candidates.Any(c => c.IsDefault) ? default : candidates.SelectMany(c => c).ToImmutableArray();
    }

    /// <summary>True when <paramref name="operation"/> builds a loss of <paramref name="kind"/>: <c>nn.BCELoss(...)</c> or <c>new BCELoss(...)</c>.</summary>
    public bool IsLossConstruction(IOperation operation, LossKind kind) => KindOfCreation(operation) == kind;

    /// <summary>The loss construction <paramref name="operation"/> is, if it builds a classification loss.</summary>
    public LossConstruction? ConstructionAt(IOperation operation) =>
        KindOfCreation(operation) is { } kind ? new LossConstruction(kind, operation) : null;

    private LossKind? KindOfCreation(IOperation operation) => operation switch
    {
        IInvocationOperation invocation when SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, Symbols.Nn)
            => KindOfType(invocation.TargetMethod.ReturnType),
        IObjectCreationOperation creation => KindOfType(creation.Type),
        _ => null,
    };

    private LossKind? KindOfType(ITypeSymbol? type) => Symbols.LossKindOf(type);
}
