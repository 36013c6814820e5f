using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;

namespace LossAnalyzers.CodeFixes.ActivationRemoval;

/// <summary>
/// What one rule's fix does with an activation that feeds a loss: which loss calls it applies to, which
/// activations it removes, whether the loss itself changes form, and whether the activation goes away or is
/// replaced (softmax by log_softmax for NLLLoss).
/// </summary>
internal sealed class ActivationRemovalMode
{
    /// <summary>LOSS001: BCELoss becomes BCEWithLogitsLoss and the sigmoid goes.</summary>
    public static readonly ActivationRemovalMode SigmoidIntoBce = new(LossKind.BCE, ImmutableHashSet.Create(OriginKind.SigmoidProbabilities), LossKind.BCEWithLogits, replaceWithLogSoftmax: false);

    /// <summary>LOSS002: the loss already takes logits; the sigmoid goes.</summary>
    public static readonly ActivationRemovalMode SigmoidIntoBceWithLogits = new(LossKind.BCEWithLogits, ImmutableHashSet.Create(OriginKind.SigmoidProbabilities), null, replaceWithLogSoftmax: false);

    /// <summary>LOSS004: CrossEntropyLoss applies log_softmax itself; the softmax or sigmoid goes.</summary>
    public static readonly ActivationRemovalMode ProbabilitiesIntoCrossEntropy = new(LossKind.CrossEntropy, ImmutableHashSet.Create(OriginKind.SoftmaxProbabilities, OriginKind.SigmoidProbabilities), null, replaceWithLogSoftmax: false);

    /// <summary>LOSS005: NLLLoss takes log-probabilities; the softmax becomes log_softmax on the same dim.</summary>
    public static readonly ActivationRemovalMode SoftmaxIntoNll = new(LossKind.NLL, ImmutableHashSet.Create(OriginKind.SoftmaxProbabilities), null, replaceWithLogSoftmax: true);

    /// <summary>LOSS014: KLDivLoss takes log-probabilities as its input; the softmax becomes log_softmax on the same dim.</summary>
    public static readonly ActivationRemovalMode SoftmaxIntoKLDiv = new(LossKind.KLDiv, ImmutableHashSet.Create(OriginKind.SoftmaxProbabilities), null, replaceWithLogSoftmax: true);

    /// <summary>LOSS021: CTCLoss takes log-probabilities; the softmax (over the classes) becomes log_softmax on the same dim.</summary>
    public static readonly ActivationRemovalMode SoftmaxIntoCtc = new(LossKind.CTC, ImmutableHashSet.Create(OriginKind.SoftmaxProbabilities), null, replaceWithLogSoftmax: true);

    /// <summary>LOSS004 on [p, 1 - p]: the sigmoid goes while the loss becomes BCEWithLogitsLoss on the one logit.</summary>
    public static readonly ActivationRemovalMode SigmoidOfTwoColumns = new(LossKind.CrossEntropy, ImmutableHashSet.Create(OriginKind.SigmoidProbabilities), null, replaceWithLogSoftmax: false);

    /// <summary>LOSS003: a log_softmax or softmax on a width-1 head goes while the loss becomes BCEWithLogitsLoss on the logit.</summary>
    public static readonly ActivationRemovalMode ActivationOfWidthOneHead = new(LossKind.CrossEntropy, ImmutableHashSet.Create(OriginKind.LogProbabilities, OriginKind.SoftmaxProbabilities), null, replaceWithLogSoftmax: false);

    private ActivationRemovalMode(LossKind loss, ImmutableHashSet<OriginKind> activations, LossKind? convertTo, bool replaceWithLogSoftmax)
    {
        Loss = loss;
        Activations = activations;
        ConvertTo = convertTo;
        ReplaceWithLogSoftmax = replaceWithLogSoftmax;
    }

    public LossKind Loss { get; }

    public ImmutableHashSet<OriginKind> Activations { get; }

    /// <summary>The loss form the diagnosed losses take after the fix; null when the loss stays as it is.</summary>
    public LossKind? ConvertTo { get; }

    public bool ReplaceWithLogSoftmax { get; }
}
