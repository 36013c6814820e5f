using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS017: <c>KLDivLoss</c> / <c>kl_div</c> with <c>Reduction.Mean</c>, written or by default: the mean over every
/// element is the KL divergence divided by the number of classes (TorchSharp has no <c>batchmean</c>).
/// </summary>
internal sealed class Loss017KLDivMeanReduction : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS017",
        "KLDivLoss with Reduction.Mean is not the KL divergence",
        "{0} uses Reduction.Mean: it divides the summed divergence by every element, batch times classes, not by the batch, so the value is the per-sample KL divergence divided by the number of classes (PyTorch's 'batchmean', which TorchSharp lacks; libtorch warns about it at run time). Use reduction: Reduction.Sum and divide the result by the batch size (input.shape[0]).",
        DiagnosticSeverity.Info,
        "The KL divergence of a batch is the sum over classes averaged over samples: Reduction.Sum divided by the batch size. Reduction.Mean also divides by the number of classes, which scales the gradients down and makes the value depend on the width of the head.");

    /// <summary>Mean left to TorchSharp's default.</summary>
    public static readonly DiagnosticDescriptor ByDefault = Descriptors.Variant(Rule, "{0} uses Reduction.Mean (TorchSharp's default): it divides the summed divergence by every element, batch times classes, not by the batch, so the value is the per-sample KL divergence divided by the number of classes (PyTorch's 'batchmean', which TorchSharp lacks; libtorch warns about it at run time). Use reduction: Reduction.Sum and divide the result by the batch size (input.shape[0]).");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = ImmutableArray.Create(Rule, ByDefault);

    public override void OnLoss(LossSubject subject, LossAnalysis analysis, DiagnosticSink context)
    {
        if (subject.Kind != LossKind.KLDiv)
        {
            return;
        }

        var argument = OperationFacts.Argument(subject.Operation, KLDivSettings.ReductionParameter);
        if (KLDivSettings.Reduction(subject.Operation, analysis.Symbols) != "Mean")
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(argument is null ? ByDefault : Rule, (argument?.Syntax ?? subject.Location).GetLocation(), subject.Name));
    }
}
