using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS020: a target in the other label convention than its loss's. The ±1 losses (margin ranking, hinge embedding, soft
/// margin, cosine embedding) given 0/1 labels; <c>MultiLabelSoftMarginLoss</c> given ±1 labels; <c>MultiLabelMarginLoss</c>
/// given 0/1 flags per class where it reads class indices padded with -1. None of them raises an error.
/// </summary>
internal sealed class Loss020LabelConvention : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS020",
        "The target follows the other label convention (0/1 against ±1)",
        "{0} gets the target '{1}' holding 0/1 labels ({2}), but it expects 1 and -1: a row labelled 0 costs the same whatever the inputs and gets no gradient, so the model learns nothing from it and no error is raised. Pass '{3}' as the target.",
        DiagnosticSeverity.Warning,
        "MarginRankingLoss, HingeEmbeddingLoss, SoftMarginLoss and CosineEmbeddingLoss read their target as 1 or -1, MultiLabelSoftMarginLoss as 0 or 1 per class, MultiLabelMarginLoss as class indices padded with -1. A target in another convention runs without any error and trains the wrong thing: rows labelled 0 get no gradient from the ±1 losses, and -1 labels make MultiLabelSoftMarginLoss unbounded below.");

    /// <summary>Hinge embedding: a 0 label takes both branches.</summary>
    public static readonly DiagnosticDescriptor HingeZero = Descriptors.Variant(
        Rule,
        "{0} gets the target '{1}' holding 0/1 labels ({2}), but it expects 1 for a similar pair and -1 for a dissimilar one: a row labelled 0 counts as both (x + max(0, margin - x)), so its pair is pulled together and pushed apart at once, without any error. Pass '{3}' as the target.");

    /// <summary>±1 labels for the multi-label soft margin loss.</summary>
    public static readonly DiagnosticDescriptor MinusOneLabels = Descriptors.Variant(
        Rule,
        "{0} gets the target '{1}' holding -1/1 labels ({2}), but it expects 0 or 1 per class: with -1 the loss has no lower bound, so training drives it below zero without learning the labels, and no error is raised. Pass '{3}' as the target.");

    /// <summary>0/1 flags per class for the multi-label margin loss, which reads class indices.</summary>
    public static readonly DiagnosticDescriptor FlagsAsIndices = Descriptors.Variant(
        Rule,
        "{0} gets the 0/1 target '{1}' ({2}), one flag per class, but it reads each row as class indices followed by -1 ([2, 0, -1, -1] for classes 2 and 0): every row then names classes 0 and 1 only, so the loss trains on the wrong classes without any error. Build the target from each row's class indices, padded with -1; or use MultiLabelSoftMarginLoss, which takes these flags.");

    /// <summary>The relabelling the fix writes: <c>PlusMinusOne</c> (<c>2 * y - 1</c>) or <c>ZeroOne</c> (<c>(y + 1) / 2</c>).</summary>
    public const string RelabelProperty = "Relabel";

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = ImmutableArray.Create(Rule, HingeZero, MinusOneLabels, FlagsAsIndices);

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
    {
        var expected = LossCatalog.Of(call.Kind).Target;
        if (expected is not (LossTarget.PlusMinusOne or LossTarget.MultiHot or LossTarget.PaddedClassIndices))
        {
            return;
        }

        var labels = analysis.LabelsOf(call.Target.Value);
        var target = call.Target.Value.Syntax;
        var text = SourceText.Abbreviate(target);
        var cause = Cause(labels.Cause, call.Invocation.Syntax) + SourceText.Callers(analysis, call.Target.Value);
        switch (expected)
        {
            case LossTarget.PlusMinusOne when labels.Convention == LabelConvention.ZeroOne:
                var descriptor = call.Kind == LossKind.HingeEmbedding ? HingeZero : Rule;
                context.ReportDiagnostic(Diagnostic.Create(descriptor, target.GetLocation(), Relabel("PlusMinusOne"), call.Name, text, cause, PlusMinusOne(target)));
                break;
            case LossTarget.MultiHot when labels.Convention == LabelConvention.PlusMinusOne:
                context.ReportDiagnostic(Diagnostic.Create(MinusOneLabels, target.GetLocation(), Relabel("ZeroOne"), call.Name, text, cause, ZeroOne(target)));
                break;
            case LossTarget.PaddedClassIndices when labels.Convention == LabelConvention.ZeroOne && labels.PerClass:
                context.ReportDiagnostic(Diagnostic.Create(FlagsAsIndices, target.GetLocation(), FixForm(null), call.Name, text, cause));
                break;
        }
    }

    /// <summary>Where the labels were made: in the call itself, or an expression named with its file and line.</summary>
    private static string Cause(SyntaxNode? cause, SyntaxNode call) =>
        cause is null || (cause.SyntaxTree == call.SyntaxTree && call.Span.Contains(cause.Span))
            ? "as written here"
            : $"from '{SourceText.Abbreviate(cause)}' at {SourceText.Where(cause)}";

    /// <summary><c>2 * y - 1</c>: 0/1 labels as ±1.</summary>
    public static string PlusMinusOne(SyntaxNode target) => $"2 * {SourceText.Operand(target)} - 1";

    /// <summary><c>(y + 1) / 2</c>: ±1 labels as 0/1.</summary>
    public static string ZeroOne(SyntaxNode target) => $"({SourceText.Operand(target)} + 1) / 2";


    private static ImmutableDictionary<string, string?> Relabel(string to) => FixForm(null).Add(RelabelProperty, to);
}
