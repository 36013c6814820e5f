using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

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
        if (!LossCatalog.Of(call.Kind).BroadcastsInputAndTarget)
        {
            return;
        }

        var input = analysis.ShapeOf(call.Input.Value);
        var target = analysis.ShapeOf(call.Target.Value);
        var location = call.Invocation.Syntax.GetLocation();
        var inputText = SourceText.Abbreviate(call.Input.Value.Syntax);
        var targetText = SourceText.Abbreviate(call.Target.Value.Syntax);
        if (input.IsColumn && target.IsVector)
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, location, Side("Input"), call.Name, inputText, targetText, Squeezed(call.Input.Value.Syntax), input.Text));
        }
        else if (target.IsColumn && input.IsVector)
        {
            context.ReportDiagnostic(Diagnostic.Create(ColumnTarget, location, Side("Target"), call.Name, inputText, targetText, Squeezed(call.Target.Value.Syntax), target.Text));
        }
        else if (target.Outer && target.Cause is { } cause && (input.IsVector || input.IsColumn))
        {
            context.ReportDiagnostic(Diagnostic.Create(OuterTarget, location, FixForm(null), call.Name, targetText, SourceText.Abbreviate(cause), inputText, input.Text));
        }
    }

    private static ImmutableDictionary<string, string?> Side(string side) => FixForm(null).Add(SideProperty, side);

    private static string Squeezed(SyntaxNode expression) => SourceText.Abbreviate(expression) + ".squeeze(-1)";
}
