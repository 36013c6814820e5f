using System.Linq;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

internal sealed partial class LossAnalysis
{
    /// <summary>
    /// Where a tensor visibly depends on something trained: a module's output (not that of a parameterless activation or
    /// shape layer, which passes its input's answer on), a <c>Parameter</c>, a tensor made with <c>requires_grad</c>;
    /// through every tensor operation on it. The first such source, or null when none is visible.
    /// </summary>
    public SyntaxNode? TrainedSource(IOperation tensor) => trained.Get(tensor, state => Trained(tensor, state));

    /// <summary>
    /// Whether every source of a tensor is visible and none is trained (data, constants, detached values): a value that
    /// carries no graph. An unknown source answers false.
    /// </summary>
    public bool IsVisiblyUntrained(IOperation tensor)
    {
        var state = new TraceState();
        var found = Flow.Sources.Answers(tensor, state, leaf => new Optional<SyntaxNode?>(LeafTrained(leaf, state)), tensor.Syntax);
        return !found.IsDefault && found.All(source => source is null);
    }

    private SyntaxNode? Trained(IOperation tensor, TraceState state)
    {
        var found = Flow.Sources.Answers(tensor, state, leaf => new Optional<SyntaxNode?>(LeafTrained(leaf, state)), null);
        return found.IsDefault ? null : found.FirstOrDefault(source => source is not null);
    }

    private SyntaxNode? LeafTrained(IOperation leaf, TraceState state)
    {
        if (SymbolEqualityComparer.Default.Equals(leaf.Type, Symbols.Parameter) && leaf is IFieldReferenceOperation or IPropertyReferenceOperation or IObjectCreationOperation or IInvocationOperation)
        {
            return leaf.Syntax;
        }

        switch (leaf)
        {
            case IInvocationOperation call when Modules.CallInput(call) is { } input:
                return PassesInputOn(call.Instance!, state) ? Trained(input.Value, state) : call.Syntax;
            case IInvocationOperation { TargetMethod.Name: "requires_grad_" } call when Symbols.IsTensor(call.TargetMethod.ContainingType):
                return call.Arguments.FirstOrDefault() is { ArgumentKind: not ArgumentKind.DefaultValue } flag && OperationFacts.Constant(flag.Value) is false ? null : call.Syntax;
            case IInvocationOperation call when Symbols.IsTensorFunctionHost(call.TargetMethod.ContainingType)
                    && OperationFacts.Argument(call, "requires_grad") is { } requiresGrad && OperationFacts.Constant(requiresGrad.Value) is true:
                return call.Syntax;
            default:
                // Through tensor operations to what they are computed from; detach() cuts the graph.
                var operands = TensorOperands(leaf);
                return operands.IsDefault ? null : operands.Select(operand => Trained(operand, state)).FirstOrDefault(source => source is not null);
        }
    }

    /// <summary>
    /// Whether a module is a TorchSharp activation or shape layer without weights, by its type or, held in a
    /// <c>Module&lt;Tensor, Tensor&gt;</c>, by every construction that reaches it: its output is trained only if its input is.
    /// </summary>
    private bool PassesInputOn(IOperation module, TraceState state)
    {
        if (IsWeightlessLayer(module.Type))
        {
            return true;
        }

        var found = Flow.Sources.Answers(module, state, leaf => new Optional<bool>(IsWeightlessLayer(leaf.Type)), false);
        return !found.IsDefaultOrEmpty && found.All(weightless => weightless);
    }

    private static bool IsWeightlessLayer(ITypeSymbol? module) =>
        module is INamedTypeSymbol { ContainingNamespace: { Name: "Modules", ContainingNamespace.Name: "TorchSharp" } } layer
        && layer.Name != "PReLU"
        && (TorchLayers.ShapeOnly.Contains(layer.Name) || TorchLayers.ElementWise.Contains(layer.Name));
}
