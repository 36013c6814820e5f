using System;
using LossAnalyzers.Runtime.Validation;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LossAnalyzers.Runtime;

/// <summary>
/// <c>MarginRankingLoss</c> that checks its labels are -1 and 1 and its three tensors fit (built by
/// <see cref="ValidatedLoss.MarginRankingLoss"/>).
/// </summary>
public sealed class ValidatedMarginRankingLoss : TorchSharp.Loss<Tensor, Tensor, Tensor, Tensor>
{
    internal ValidatedMarginRankingLoss(double margin, Reduction reduction)
        : base(reduction)
    {
        this.margin = margin;
    }

    /// <summary>How far apart the ranked pair must be before the loss is 0.</summary>
    public double margin { get; }

    /// <summary><c>max(0, -target * (input1 - input2) + margin)</c>, reduced.</summary>
    /// <param name="input1">The first score of each pair.</param>
    /// <param name="input2">The second score, of <paramref name="input1"/>'s shape.</param>
    /// <param name="target">1 where input1 should rank higher, -1 where input2 should; input1's shape.</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes differ (LOSS019) or a label is not -1 or 1 (LOSS020).</exception>
    public override Tensor forward(Tensor input1, Tensor input2, Tensor target) => Compute(input1, input2, target, margin, reduction);

    internal static Tensor Compute(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction)
    {
        if (input1 is null) throw new ArgumentNullException(nameof(input1));
        if (input2 is null) throw new ArgumentNullException(nameof(input2));
        if (target is null) throw new ArgumentNullException(nameof(target));
        BroadcastChecks.Check("MarginRankingLoss", input1, input2, "input1", "input2", oneElementAllowed: false);
        // libtorch refuses tensors of different ranks here, a 0-dim target included: one shape for all three.
        BroadcastChecks.Check("MarginRankingLoss", input1, target, "input1", oneElementAllowed: false);
        SignLabelChecks.Check("MarginRankingLoss", target,
            "a pair labelled 0 adds the constant margin and gets no gradient, so the model never learns its order");
        return functional.margin_ranking_loss(input1, input2, target, margin, reduction);
    }
}

/// <summary>
/// <c>HingeEmbeddingLoss</c> with a written <c>margin</c> (TorchSharp's <c>functional.hinge_embedding_loss</c> and
/// <c>new HingeEmbeddingLoss()</c> default it to 0, <c>nn.HingeEmbeddingLoss()</c> and PyTorch to 1) that checks its labels
/// (built by <see cref="ValidatedLoss.HingeEmbeddingLoss"/>).
/// </summary>
public sealed class ValidatedHingeEmbeddingLoss : TorchSharp.Loss<Tensor, Tensor, Tensor>
{
    internal ValidatedHingeEmbeddingLoss(double margin, Reduction reduction)
        : base(reduction)
    {
        this.margin = margin;
    }

    /// <summary>The distance below which a dissimilar pair (label -1) is penalised.</summary>
    public double margin { get; }

    /// <summary><c>input</c> where the label is 1, <c>max(0, margin - input)</c> where it is -1, reduced.</summary>
    /// <param name="input">Distances, any shape.</param>
    /// <param name="target">-1 and 1, of the input's shape (or one element).</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes differ (LOSS019) or a label is not -1 or 1 (LOSS020).</exception>
    public override Tensor forward(Tensor input, Tensor target) => Compute(input, target, margin, reduction);

    internal static Tensor Compute(Tensor input, Tensor target, double margin, Reduction reduction)
    {
        BroadcastChecks.CheckArguments("HingeEmbeddingLoss", input, target);
        SignLabelChecks.Check("HingeEmbeddingLoss", target,
            "an element labelled 0 counts as similar and dissimilar at once (input + max(0, margin - input)), so its gradient is wrong");
        return functional.hinge_embedding_loss(input, target, margin, reduction);
    }
}

/// <summary><c>SoftMarginLoss</c> that checks its labels are -1 and 1 (built by <see cref="ValidatedLoss.SoftMarginLoss"/>).</summary>
public sealed class ValidatedSoftMarginLoss : TorchSharp.Loss<Tensor, Tensor, Tensor>
{
    internal ValidatedSoftMarginLoss(Reduction reduction)
        : base(reduction)
    {
    }

    /// <summary><c>log(1 + exp(-target * input))</c>, reduced.</summary>
    /// <param name="input">Scores, any shape.</param>
    /// <param name="target">-1 and 1, of the input's shape (or one element).</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes differ (LOSS019) or a label is not -1 or 1 (LOSS020).</exception>
    public override Tensor forward(Tensor input, Tensor target) => Compute(input, target, reduction);

    internal static Tensor Compute(Tensor input, Tensor target, Reduction reduction)
    {
        BroadcastChecks.CheckArguments("SoftMarginLoss", input, target);
        SignLabelChecks.Check("SoftMarginLoss", target,
            "an element labelled 0 adds the constant log(2) and gets no gradient, so the model learns nothing from it");
        return functional.soft_margin_loss(input, target, reduction);
    }
}

/// <summary>
/// <c>CosineEmbeddingLoss</c> that checks its labels are -1 and 1 and its tensors fit (built by
/// <see cref="ValidatedLoss.CosineEmbeddingLoss"/>).
/// </summary>
public sealed class ValidatedCosineEmbeddingLoss : TorchSharp.Loss<Tensor, Tensor, Tensor, Tensor>
{
    internal ValidatedCosineEmbeddingLoss(double margin, Reduction reduction)
        : base(reduction)
    {
        this.margin = margin;
    }

    /// <summary>The cosine similarity above which a dissimilar pair (label -1) is penalised.</summary>
    public double margin { get; }

    /// <summary><c>1 - cos(input1, input2)</c> where the label is 1, <c>max(0, cos - margin)</c> where it is -1, reduced.</summary>
    /// <param name="input1">Embeddings [N, D], or [D] for one pair.</param>
    /// <param name="input2">Embeddings of <paramref name="input1"/>'s shape.</param>
    /// <param name="target">-1 and 1, one per row: [N] (or a scalar for one pair).</param>
    /// <returns>The loss.</returns>
    /// <exception cref="LossValidationException">The shapes do not fit (LOSS019) or a label is not -1 or 1 (LOSS020).</exception>
    public override Tensor forward(Tensor input1, Tensor input2, Tensor target) => Compute(input1, input2, target, margin, reduction);

    internal static Tensor Compute(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction)
    {
        if (input1 is null) throw new ArgumentNullException(nameof(input1));
        if (input2 is null) throw new ArgumentNullException(nameof(input2));
        if (target is null) throw new ArgumentNullException(nameof(target));
        BroadcastChecks.Check("CosineEmbeddingLoss", input1, input2, "input1", "input2", oneElementAllowed: false);
        BroadcastChecks.CheckPerRow("CosineEmbeddingLoss", input1, target);
        SignLabelChecks.Check("CosineEmbeddingLoss", target,
            "a pair labelled 0 adds nothing and gets no gradient, so those pairs teach the model nothing");
        return functional.cosine_embedding_loss(input1, input2, target, margin, reduction);
    }
}
