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
    /// The tensors a TorchSharp tensor operation computes its result from: a tensor operator's operands, a tensor
    /// method's receiver and tensor arguments, a <c>torch</c> function's tensor arguments. Empty for <c>detach()</c>, which
    /// cuts the result from the graph, and for what carries no gradient (<c>ones_like</c>, <c>argmax</c>, comparisons);
    /// default when <paramref name="leaf"/> is no tensor operation.
    /// </summary>
    public ImmutableArray<IOperation> TensorOperands(IOperation leaf)
    {
        switch (leaf)
        {
            case IInvocationOperation { TargetMethod.Name: "detach" or "detach_" } call when Symbols.IsTensor(call.TargetMethod.ContainingType):
                return ImmutableArray<IOperation>.Empty;
            case IInvocationOperation call when TensorSteps.NoGradient.Contains(call.TargetMethod.Name) && Symbols.IsTensorFunctionHost(call.TargetMethod.ContainingType):
                return ImmutableArray<IOperation>.Empty;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual
                    or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual, OperatorMethod: { } comparison } when Symbols.IsTensor(comparison.ContainingType):
                return ImmutableArray<IOperation>.Empty;
            case IInvocationOperation call when Symbols.IsTensorFunctionHost(call.TargetMethod.ContainingType):
                var tensors = call.Arguments.Where(a => Symbols.IsTensor(a.Value.Type)).Select(a => a.Value);
                return (call.Instance is { } receiver ? tensors.Prepend(receiver) : tensors).ToImmutableArray();
            case IBinaryOperation { OperatorMethod: { } method } arithmetic when Symbols.IsTensor(method.ContainingType):
                return ImmutableArray.Create(arithmetic.LeftOperand, arithmetic.RightOperand);
            case IUnaryOperation { OperatorMethod: { } method } negation when Symbols.IsTensor(method.ContainingType):
                return ImmutableArray.Create(negation.Operand);
            default:
                return default;
        }
    }

    /// <summary>
    /// The loss evaluation a tensor visibly holds the result of, with its graph: a loss call that reaches it directly or
    /// through tensor operations (<c>loss * batchSize</c>, <c>loss.mean()</c>), not past <c>detach()</c>. Null when none is
    /// visible.
    /// </summary>
    public LossCall? LossValueSource(IOperation tensor) => lossValues.Get(tensor, state => LossValue(tensor, state));

    private LossCall? LossValue(IOperation tensor, TraceState state)
    {
        var found = Flow.Sources.Answers(tensor, state, leaf => new Optional<LossCall?>(LeafLossValue(leaf, state)), null);
        return found.IsDefault ? null : found.FirstOrDefault(source => source is not null);
    }

    private LossCall? LeafLossValue(IOperation leaf, TraceState state)
    {
        if (leaf is IInvocationOperation invocation && TryGetLossCall(invocation, out var call))
        {
            return call;
        }

        var operands = TensorOperands(leaf);
        return operands.IsDefault ? null : operands.Select(operand => LossValue(operand, state)).FirstOrDefault(source => source is not null);
    }
}
