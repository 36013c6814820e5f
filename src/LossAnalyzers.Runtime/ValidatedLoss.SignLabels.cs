using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime;

public static partial class ValidatedLoss
{
    /// <summary>A validated <c>MarginRankingLoss</c>: labels -1 and 1 only (LOSS020), tensors of one shape (LOSS019).</summary>
    /// <param name="margin">How far apart the ranked pair must be before the loss is 0.</param>
    /// <param name="reduction">How the per-pair losses are reduced.</param>
    /// <returns>The loss module; <c>forward(input1, input2, target)</c> gives the loss.</returns>
    public static ValidatedMarginRankingLoss MarginRankingLoss(double margin = 0.0, Reduction reduction = Reduction.Mean) => new(margin, reduction);

    /// <summary>
    /// A validated <c>HingeEmbeddingLoss</c>. <paramref name="margin"/> has no default (LOSS022: <c>nn.HingeEmbeddingLoss()</c>
    /// and PyTorch use 1, TorchSharp's <c>functional.hinge_embedding_loss</c> and <c>new HingeEmbeddingLoss()</c> 0).
    /// </summary>
    /// <param name="margin">The distance below which a dissimilar pair (label -1) is penalised; PyTorch's default is 1.</param>
    /// <param name="reduction">How the per-element losses are reduced.</param>
    /// <returns>The loss module.</returns>
    public static ValidatedHingeEmbeddingLoss HingeEmbeddingLoss(double margin, Reduction reduction = Reduction.Mean) => new(margin, reduction);

    /// <summary>A validated <c>SoftMarginLoss</c>: labels -1 and 1 only (LOSS020), input and target of one shape (LOSS019).</summary>
    /// <param name="reduction">How the per-element losses are reduced.</param>
    /// <returns>The loss module.</returns>
    public static ValidatedSoftMarginLoss SoftMarginLoss(Reduction reduction = Reduction.Mean) => new(reduction);

    /// <summary>A validated <c>CosineEmbeddingLoss</c>: labels -1 and 1 only (LOSS020), one per row (LOSS019).</summary>
    /// <param name="margin">The cosine similarity above which a dissimilar pair is penalised.</param>
    /// <param name="reduction">How the per-pair losses are reduced.</param>
    /// <returns>The loss module; <c>forward(input1, input2, target)</c> gives the loss.</returns>
    public static ValidatedCosineEmbeddingLoss CosineEmbeddingLoss(double margin = 0.0, Reduction reduction = Reduction.Mean) => new(margin, reduction);

    /// <summary>Validated <c>margin_ranking_loss</c>.</summary>
    /// <param name="input1">The first score of each pair.</param>
    /// <param name="input2">The second score, of <paramref name="input1"/>'s shape.</param>
    /// <param name="target">1 where input1 should rank higher, -1 where input2 should.</param>
    /// <param name="margin">How far apart the pair must be before the loss is 0.</param>
    /// <param name="reduction">How the per-pair losses are reduced.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes differ (LOSS019) or a label is not -1 or 1 (LOSS020).</exception>
    public static Tensor margin_ranking_loss(Tensor input1, Tensor input2, Tensor target, double margin = 0.0, Reduction reduction = Reduction.Mean) =>
        ValidatedMarginRankingLoss.Compute(input1, input2, target, margin, reduction);

    /// <summary>Validated <c>hinge_embedding_loss</c>; <paramref name="margin"/> must be written (LOSS022).</summary>
    /// <param name="input">Distances, any shape.</param>
    /// <param name="target">-1 and 1, of the input's shape.</param>
    /// <param name="margin">The distance below which a dissimilar pair is penalised; PyTorch's default is 1.</param>
    /// <param name="reduction">How the per-element losses are reduced.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes differ (LOSS019) or a label is not -1 or 1 (LOSS020).</exception>
    public static Tensor hinge_embedding_loss(Tensor input, Tensor target, double margin, Reduction reduction = Reduction.Mean) =>
        ValidatedHingeEmbeddingLoss.Compute(input, target, margin, reduction);

    /// <summary>Validated <c>soft_margin_loss</c>.</summary>
    /// <param name="input">Scores, any shape.</param>
    /// <param name="target">-1 and 1, of the input's shape.</param>
    /// <param name="reduction">How the per-element losses are reduced.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes differ (LOSS019) or a label is not -1 or 1 (LOSS020).</exception>
    public static Tensor soft_margin_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        ValidatedSoftMarginLoss.Compute(input, target, reduction);

    /// <summary>Validated <c>cosine_embedding_loss</c>.</summary>
    /// <param name="input1">Embeddings [N, D], or [D].</param>
    /// <param name="input2">Embeddings of <paramref name="input1"/>'s shape.</param>
    /// <param name="target">-1 and 1, one per row.</param>
    /// <param name="margin">The cosine similarity above which a dissimilar pair is penalised.</param>
    /// <param name="reduction">How the per-pair losses are reduced.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes do not fit (LOSS019) or a label is not -1 or 1 (LOSS020).</exception>
    public static Tensor cosine_embedding_loss(Tensor input1, Tensor input2, Tensor target, double margin = 0.0, Reduction reduction = Reduction.Mean) =>
        ValidatedCosineEmbeddingLoss.Compute(input1, input2, target, margin, reduction);
}
