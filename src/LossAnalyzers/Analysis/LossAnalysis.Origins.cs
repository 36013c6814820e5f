using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

internal sealed partial class LossAnalysis
{
    /// <summary>The origin of a tensor value; null when every path leads back into a cycle (neutral in merges).</summary>
    private TensorOrigin? Origin(IOperation tensor, TraceState state)
    {
        var origins = Flow.Sources.Answers(tensor, state, leaf => LeafOrigin(leaf, state) is { } origin ? new Optional<TensorOrigin>(origin) : default, TensorOrigin.Unknown);
        return origins.IsDefault ? TensorOrigin.Unknown : origins.IsEmpty ? null : TensorOrigin.Merge(origins);
    }

    private TensorOrigin? LeafOrigin(IOperation leaf, TraceState state) => leaf switch
    {
        IInvocationOperation invocation => InvocationOrigin(invocation, state),
        IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } indexer
            when Symbols.IsTensor(indexer.Property.ContainingType) =>
            Origin(instance, state) is { } indexed ? ShapeSteps.Indexer(indexer, indexed, Symbols) : null,
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } subtraction => Complement(subtraction, state),
        IArrayElementReferenceOperation { ArrayReference: IInvocationOperation { Instance: { } whole } pieces }
            when Symbols.IsTensor(pieces.TargetMethod.ContainingType) && ShapeSteps.IsPieces(pieces.TargetMethod.Name) =>
            Origin(whole, state) is { } cut ? ShapeSteps.Piece(pieces, cut) : null,
        _ => TensorOrigin.Unknown,
    };

    private TensorOrigin? InvocationOrigin(IInvocationOperation invocation, TraceState state)
    {
        var method = invocation.TargetMethod;
        if (Symbols.IsTensorFunctionHost(method.ContainingType))
        {
            var input = method.IsStatic ? OperationFacts.Argument(invocation, 0)?.Value : invocation.Instance;
            switch (method.Name)
            {
                case var name when TensorSteps.Sigmoid.Contains(name):
                    return Activation(OriginKind.SigmoidProbabilities, invocation, input, state);
                case TensorSteps.Softmax:
                    return Activation(OriginKind.SoftmaxProbabilities, invocation, input, state);
                case TensorSteps.LogSoftmax:
                    return Activation(OriginKind.LogProbabilities, invocation, input, state);
                case var name when method.IsStatic && TensorSteps.Joins.Contains(name):
                    return TwoColumns(invocation, state);
            }

            if (!method.IsStatic && input is not null && ShapeSteps.IsPassThrough(method.Name))
            {
                return Origin(input, state) is { } before ? ShapeSteps.Apply(invocation, before) : null;
            }

            return TensorOrigin.Unknown;
        }

        if (Modules.CallInput(invocation) is { } argument)
        {
            var behavior = Behavior(invocation.Instance!, state) ?? ModuleBehavior.Unknown;
            if (behavior.Kind == OriginKind.Unknown && behavior.Width is null && !behavior.PassesThrough && !behavior.PreservesShape)
            {
                return TensorOrigin.Unknown;
            }

            // The input matters only where the module keeps its shape or passes it through.
            var input = behavior.PreservesShape || behavior.PassesThrough
                ? Origin(argument.Value, state) ?? TensorOrigin.Unknown
                : TensorOrigin.Unknown;
            return behavior.Apply(input, invocation.Syntax, argument.Value.Syntax);
        }

        return TensorOrigin.Unknown;
    }

    private TensorOrigin Activation(OriginKind kind, IInvocationOperation invocation, IOperation? input, TraceState state)
    {
        if (input is null)
        {
            return TensorOrigin.Unknown;
        }

        var before = Origin(input, state) ?? TensorOrigin.Unknown;
        var dimension = OperationFacts.Argument(invocation, "dim")?.Value.Syntax;
        var site = new ActivationSite(SiteKind.UnwrapCall, invocation.Syntax, input.Syntax, kind, dimension);
        return new TensorOrigin(kind, before.Width, before.SingleLabel, ImmutableArray.Create(site));
    }

    /// <summary><c>1 - p</c>, <c>ones(...) - p</c>, <c>ones_like(p) - p</c> for sigmoid probabilities <c>p</c>.</summary>
    private TensorOrigin? Complement(IBinaryOperation subtraction, TraceState state)
    {
        if (subtraction.OperatorMethod is null || !Symbols.IsTensor(subtraction.OperatorMethod.ContainingType) || !IsOne(subtraction.LeftOperand, state))
        {
            return TensorOrigin.Unknown;
        }

        var right = Origin(subtraction.RightOperand, state);
        return right is null ? null
            : right.Kind == OriginKind.SigmoidProbabilities ? right.WithKind(OriginKind.SigmoidComplement)
            : TensorOrigin.Unknown;
    }

    private bool IsOne(IOperation operand, TraceState state)
    {
        if (OperationFacts.ConstantNumber(operand) is { } number)
        {
            return number == 1;
        }

        var found = Flow.Sources.Find(operand, state);
        return found.Complete
            && found.Leaves.Length > 0
            && found.Leaves.All(leaf => leaf is IInvocationOperation { TargetMethod: var method }
                                        && method.Name is "ones" or "ones_like"
                                        && Symbols.IsTensorFunctionHost(method.ContainingType));
    }

    /// <summary><c>cat</c>/<c>stack</c> of <c>p</c> and <c>1 - p</c> along the last dimension, from one sigmoid.</summary>
    private TensorOrigin TwoColumns(IInvocationOperation invocation, TraceState state)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("hstack" or "column_stack"))
        {
            var dimension = OperationFacts.ConstantInteger(OperationFacts.Argument(invocation, 1)?.Value);
            if (dimension is not (1 or -1))
            {
                return TensorOrigin.Unknown;
            }
        }

        var elements = OperationFacts.Elements(OperationFacts.Argument(invocation, 0)?.Value);
        if (elements.IsDefault || elements.Length != 2)
        {
            return TensorOrigin.Unknown;
        }

        var first = Origin(elements[0].Value, state);
        var second = Origin(elements[1].Value, state);
        if (first is null || second is null)
        {
            return TensorOrigin.Unknown;
        }

        var kinds = (first.Kind, second.Kind);
        if (kinds is not ((OriginKind.SigmoidProbabilities, OriginKind.SigmoidComplement) or (OriginKind.SigmoidComplement, OriginKind.SigmoidProbabilities))
            || first.Sites.IsEmpty
            || !first.Sites.ToImmutableHashSet().SetEquals(second.Sites))
        {
            return TensorOrigin.Unknown;
        }

        return new TensorOrigin(OriginKind.TwoColumnFromSigmoid, 2, false, first.Sites);
    }
}
