using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>LOSS003: <c>CrossEntropyLoss</c> / <c>NLLLoss</c> on a head of width 1, where the loss is constant.</summary>
internal sealed class Loss003WidthOneHead : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS003",
        "CrossEntropyLoss or NLLLoss on a head of width 1",
        "{0} gets '{1}', which comes from a head with one output. Over one column log_softmax is always 0, so the loss is constant (or a class-1 target is out of bounds) and nothing learns. Use BCEWithLogitsLoss on the squeezed logit with a float target, and turn a class weight [w0, w1] into pos_weights [w1 / w0].",
        DiagnosticSeverity.Warning,
        "A binary classifier with one output is trained with BCEWithLogitsLoss; CrossEntropyLoss and NLLLoss need one column per class.");

    public override DiagnosticDescriptor Descriptor => Rule;

    /// <summary>
    /// A classification loss over classes on a width-1 head: this rule reports it, and the rules about what feeds
    /// CrossEntropyLoss and NLLLoss (LOSS004, LOSS005) yield to it on the same input.
    /// </summary>
    public static bool Applies(LossCall call, TensorOrigin origin) =>
        call.Kind is LossKind.CrossEntropy or LossKind.NLL && origin.Width == 1;

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
    {
        if (!Applies(call, origin))
        {
            return;
        }

        var input = call.Input.Value.Syntax;
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            input.GetLocation(),
            call.Name,
            SourceText.Abbreviate(input)));
    }
}
