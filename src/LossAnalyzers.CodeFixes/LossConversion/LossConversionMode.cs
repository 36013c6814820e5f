using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;

namespace LossAnalyzers.CodeFixes.LossConversion;

/// <summary>A fix that changes which loss is used (and how it is called) rather than what feeds it.</summary>
internal sealed class LossConversionMode
{
    /// <summary>LOSS003: CrossEntropyLoss / NLLLoss on one logit becomes BCEWithLogitsLoss on the squeezed logit.</summary>
    /// <remarks>A log_softmax or softmax on the width-1 head is accepted too: the caller removes it with the conversion.</remarks>
    public static readonly LossConversionMode WidthOneToBceWithLogits = new(
        ImmutableHashSet.Create(LossKind.CrossEntropy, LossKind.NLL),
        LossKind.BCEWithLogits,
        ImmutableHashSet.Create(OriginKind.Logits, OriginKind.LogProbabilities, OriginKind.SoftmaxProbabilities));

    /// <summary>LOSS005: NLLLoss on raw scores becomes CrossEntropyLoss, which applies log_softmax itself.</summary>
    public static readonly LossConversionMode NllOnLogitsToCrossEntropy = new(
        ImmutableHashSet.Create(LossKind.NLL), LossKind.CrossEntropy, ImmutableHashSet.Create(OriginKind.Logits));

    /// <summary>LOSS004: CrossEntropyLoss on a hand-built [p, 1 - p] becomes BCEWithLogitsLoss on the one logit.</summary>
    public static readonly LossConversionMode TwoColumnsToBceWithLogits = new(
        ImmutableHashSet.Create(LossKind.CrossEntropy), LossKind.BCEWithLogits, ImmutableHashSet.Create(OriginKind.TwoColumnFromSigmoid));

    private readonly ImmutableHashSet<OriginKind> inputs;

    private LossConversionMode(ImmutableHashSet<LossKind> from, LossKind to, ImmutableHashSet<OriginKind> inputs)
    {
        From = from;
        To = to;
        this.inputs = inputs;
    }

    public ImmutableHashSet<LossKind> From { get; }

    public LossKind To { get; }

    public string ModuleName => LossCatalog.Of(To).ModuleName;

    public string FunctionalName => LossCatalog.Of(To).Name(functional: true);

    /// <summary>Whether a call with this input is one the mode converts.</summary>
    public bool Accepts(LossCall call, TensorOrigin origin) =>
        From.Contains(call.Kind)
        && inputs.Contains(origin.Kind)
        && (origin.Kind == OriginKind.TwoColumnFromSigmoid || (To == LossKind.BCEWithLogits ? origin.Width == 1 : origin.Width != 1));
}
