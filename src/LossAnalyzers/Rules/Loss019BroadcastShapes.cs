using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using System.Linq;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS019: the input and target of an element-wise loss have visibly different shapes that libtorch broadcasts to a
/// larger one without an error: an <c>[N, 1]</c> column against an <c>[N]</c> vector (either way round), or a target
/// built by an arithmetic of both, which is <c>[N, N]</c>. Every prediction is then compared with every target.
/// </summary>
internal sealed class Loss019BroadcastShapes : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS019",
        "The input and target of an element-wise loss broadcast to a larger shape",
        "{0} gets the input '{1}' of shape {4} and the target '{2}' of shape [N]: libtorch broadcasts them to a larger shape ([N, N] for an [N, 1] input), so every prediction is compared with every target and the loss is wrong without any error. Pass '{3}' as the input.",
        DiagnosticSeverity.Warning,
        "MSELoss, L1Loss, SmoothL1Loss, HuberLoss, PoissonNLLLoss, KLDivLoss and HingeEmbeddingLoss compare input and target element by element after broadcasting them to one shape. An [N, 1] head against an [N] target becomes [N, N]: in TorchSharp 0.107 mse_loss gives 2.5 instead of 0 for [4, 1] against [4]; only MSE, smooth L1 and Huber print a line, on native stderr, and no .NET exception is thrown.");

    /// <summary>The target is the column.</summary>
    public static readonly DiagnosticDescriptor ColumnTarget = Descriptors.Variant(
        Rule,
        "{0} gets the input '{1}' of shape [N] and the target '{2}' of shape {4}: libtorch broadcasts them to a larger shape ([N, N] for an [N, 1] target), so every prediction is compared with every target and the loss is wrong without any error. Pass '{3}' as the target.");

    /// <summary>A target already [N, N], built from a column and a vector.</summary>
    public static readonly DiagnosticDescriptor OuterTarget = Descriptors.Variant(
        Rule,
        "{0} gets the target '{1}' of shape [N, N], built by '{2}' from an [N, 1] and an [N] tensor, against the input '{3}' of shape {4}: every prediction is compared with every target and the loss is wrong without any error. Give both operands of '{2}' the same shape (unsqueeze(-1) on the [N] one, or squeeze(-1) on the [N, 1] one) and the input the target's.");

    /// <summary>The side of the call the fix squeezes (<c>Input</c> or <c>Target</c>).</summary>
    public const string SideProperty = "Side";

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = ImmutableArray.Create(Rule, ColumnTarget, OuterTarget);

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
    {
        if (LossCatalog.Of(call.Kind).BroadcastsInputAndTarget)
        {
            Check(call.Name, call.Invocation, call.Input.Value, call.Target.Value, analysis, context);
        }
    }

    /// <summary>
    /// <c>criterion.forward(p, y)</c> where the criterion is one of several element-wise losses chosen at run time
    /// (<c>robust ? HuberLoss() : MSELoss()</c>): not one loss's call, but each of them broadcasts the same way.
    /// </summary>
    public override void OnInvocation(IInvocationOperation invocation, LossAnalysis analysis, DiagnosticSink context)
    {
        if (invocation is not { TargetMethod.Name: "forward" or "call", Instance: { } receiver, Arguments.Length: 2 } || !analysis.Symbols.IsModule(receiver.Type)
            || analysis.ConstructionsOf(receiver) is not { IsDefaultOrEmpty: false } constructions
            || constructions.Select(c => c.Kind).Distinct().ToList() is not { Count: > 1 } kinds
            || !kinds.All(kind => LossCatalog.Of(kind) is { BroadcastsInputAndTarget: true, Inputs: 2, TargetIndex: 1 }))
        {
            return;
        }

        var name = string.Join(" or ", kinds.Select(kind => LossCatalog.Of(kind).ModuleName));
        Check(name, invocation, OperationFacts.Argument(invocation, 0)!.Value, OperationFacts.Argument(invocation, 1)!.Value, analysis, context);
    }

    private static void Check(string loss, IInvocationOperation call, IOperation inputValue, IOperation targetValue, LossAnalysis analysis, DiagnosticSink context)
    {
        var input = analysis.ShapeOf(inputValue);
        var target = analysis.ShapeOf(targetValue);
        var location = call.Syntax.GetLocation();
        var inputText = SourceText.Abbreviate(inputValue.Syntax);
        var targetText = SourceText.Abbreviate(targetValue.Syntax);
        if (input.IsColumn && target.IsVector)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, Side("Input"), loss, inputText, targetText, Squeezed(inputValue.Syntax), input.Text));
        }
        else if (target.IsColumn && input.IsVector)
        {
            context.ReportDiagnostic(Diagnostic.Create(ColumnTarget, location, Side("Target"), loss, inputText, targetText, Squeezed(targetValue.Syntax), target.Text));
        }
        else if (target.Outer && target.Cause is { } cause && (input.IsVector || input.IsColumn))
        {
            context.ReportDiagnostic(Diagnostic.Create(OuterTarget, location, FixForm(null), loss, targetText, SourceText.Abbreviate(cause), inputText, input.Text));
        }
    }

    private static ImmutableDictionary<string, string?> Side(string side) => FixForm(null).Add(SideProperty, side);

    private static string Squeezed(SyntaxNode expression) => SourceText.Abbreviate(expression) + ".squeeze(-1)";
}
