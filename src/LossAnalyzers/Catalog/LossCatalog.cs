using System;
using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Catalog;

namespace LossAnalyzers.Catalog;

/// <summary>The losses the rules know.</summary>
internal enum LossKind
{
    BCE,
    BCEWithLogits,
    CrossEntropy,
    NLL,
    KLDiv,
    HingeEmbedding,
    GaussianNLL,
    MSE,
    L1,
    SmoothL1,
    Huber,
    PoissonNLL,
    MarginRanking,
    CosineEmbedding,
    SoftMargin,
    MultiLabelSoftMargin,
    MultiLabelMargin,
    CTC,
}

/// <summary>What a loss expects as its input.</summary>
internal enum LossInput
{
    /// <summary>Probabilities in (0, 1): a sigmoid's output.</summary>
    Probabilities,

    /// <summary>Raw scores; the loss applies its own sigmoid or log_softmax.</summary>
    Logits,

    /// <summary>log_softmax outputs.</summary>
    LogProbabilities,

    /// <summary>Real values compared with the target as they are (distances, predicted means).</summary>
    Values,
}

/// <summary>What a loss expects as its target.</summary>
internal enum LossTarget
{
    /// <summary>Floats of the input's shape (0/1 labels or soft labels).</summary>
    FloatOfInputShape,

    /// <summary>Class indices (<c>Int64</c>), one per sample; <c>CrossEntropyLoss</c> also takes class probabilities.</summary>
    ClassIndices,

    /// <summary>A distribution of the input's shape: probabilities, or log-probabilities when <c>log_target</c> is true.</summary>
    Distribution,

    /// <summary>Labels 1 and -1 of the input's shape.</summary>
    PlusMinusOne,

    /// <summary>A 0/1 label per class (multi-hot), of the input's shape.</summary>
    MultiHot,

    /// <summary>The indices of each row's classes, then -1 padding: <c>[2, 0, -1, -1]</c>.</summary>
    PaddedClassIndices,

    /// <summary>Label sequences of class indices (CTC).</summary>
    LabelSequences,
}

/// <summary>
/// A parameter of a loss whose value PyTorch's loss takes by default: where TorchSharp's own default differs, code ported
/// from Python computes another loss. TorchSharp's defaults are never written here; they are read from its symbols.
/// </summary>
internal sealed class PyTorchDefault
{
    public PyTorchDefault(string parameter, double value)
    {
        Parameter = parameter;
        Value = value;
    }

    public string Parameter { get; }

    public double Value { get; }
}

/// <summary>One TorchSharp loss: how it is built and called, and what it expects.</summary>
internal sealed class LossDefinition
{
    public LossDefinition(LossKind kind, string moduleName, string functionalName, LossInput input, LossTarget target, params string[] weightParameters)
        : this(kind, moduleName, functionalName, input, target, weightParameters, ImmutableArray<PyTorchDefault>.Empty)
    {
    }

    public LossDefinition(
        LossKind kind,
        string moduleName,
        string? functionalName,
        LossInput input,
        LossTarget target,
        string[] weightParameters,
        ImmutableArray<PyTorchDefault> pyTorchDefaults,
        int inputs = 2,
        int targetIndex = 1)
    {
        PyTorchDefaults = pyTorchDefaults.IsDefault ? ImmutableArray<PyTorchDefault>.Empty : pyTorchDefaults;
        Inputs = inputs;
        TargetIndex = targetIndex;
        Kind = kind;
        ModuleName = moduleName;
        FunctionalName = functionalName;
        Input = input;
        Target = target;
        WeightParameters = weightParameters.ToImmutableArray();
    }

    public LossKind Kind { get; }

    /// <summary>The module type in <c>TorchSharp.Modules</c>, also the name of its factory in <c>torch.nn</c>.</summary>
    public string ModuleName { get; }

    /// <summary>The function in <c>torch.nn.functional</c>; null where TorchSharp has none (<c>MultiLabelMarginLoss</c>).</summary>
    public string? FunctionalName { get; }

    /// <summary>How many tensors a call takes: 2 (input, target), 3 (<c>margin_ranking_loss(x1, x2, y)</c>), 4 (CTC).</summary>
    public int Inputs { get; }

    /// <summary>Which of those tensors is the target: the second, or the third of the two-input ranking losses.</summary>
    public int TargetIndex { get; }

    public LossInput Input { get; }

    public LossTarget Target { get; }

    /// <summary>The parameters, of the constructor and of the function, that weight the loss.</summary>
    public ImmutableArray<string> WeightParameters { get; }

    /// <summary>The parameters whose PyTorch default is worth comparing with TorchSharp's.</summary>
    public ImmutableArray<PyTorchDefault> PyTorchDefaults { get; }

    /// <summary>
    /// Compares input and target element by element, and libtorch broadcasts them to one shape when they differ (where
    /// the BCE losses refuse): a <c>[N, 1]</c> input against an <c>[N]</c> target silently becomes <c>[N, N]</c>.
    /// </summary>
    public bool BroadcastsInputAndTarget => LossCatalog.Broadcasting.Contains(Kind);

    /// <summary>The name as the user wrote the loss: the module's, or the function's.</summary>
    public string Name(bool functional) => functional ? FunctionalName ?? ModuleName : ModuleName;
}

/// <summary>
/// Every classification loss the rules and fixes know, in one place: analyses, rules, candidate filters and fixes read
/// names, inputs and weight parameters from here rather than spelling them.
/// </summary>
internal static class LossCatalog
{
    public static readonly LossDefinition BCE =
        new(LossKind.BCE, "BCELoss", "binary_cross_entropy", LossInput.Probabilities, LossTarget.FloatOfInputShape, "weight");

    public static readonly LossDefinition BCEWithLogits =
        new(LossKind.BCEWithLogits, "BCEWithLogitsLoss", "binary_cross_entropy_with_logits", LossInput.Logits, LossTarget.FloatOfInputShape, "weight", "pos_weights");

    public static readonly LossDefinition CrossEntropy =
        new(LossKind.CrossEntropy, "CrossEntropyLoss", "cross_entropy", LossInput.Logits, LossTarget.ClassIndices, "weight");

    public static readonly LossDefinition NLL =
        new(LossKind.NLL, "NLLLoss", "nll_loss", LossInput.LogProbabilities, LossTarget.ClassIndices, "weight");

    /// <remarks>TorchSharp's <c>KLDivLoss(bool log_target = true, ...)</c> and <c>kl_div(..., log_target = true, ...)</c>
    /// default to log-probability targets; PyTorch's default is false.</remarks>
    public static readonly LossDefinition KLDiv =
        new(LossKind.KLDiv, "KLDivLoss", "kl_div", LossInput.LogProbabilities, LossTarget.Distribution);

    /// <remarks>TorchSharp's <c>new HingeEmbeddingLoss()</c> and <c>hinge_embedding_loss</c> default <c>margin</c> to 0; its
    /// <c>nn.HingeEmbeddingLoss()</c> and PyTorch to 1.</remarks>
    public static readonly LossDefinition HingeEmbedding =
        new(LossKind.HingeEmbedding, "HingeEmbeddingLoss", "hinge_embedding_loss", LossInput.Values, LossTarget.PlusMinusOne,
            new string[0], ImmutableArray.Create(new PyTorchDefault("margin", 1.0)));

    /// <remarks>TorchSharp's <c>GaussianNLLLoss()</c> (factory and constructor) default <c>eps</c> to 1e-8; its
    /// <c>gaussian_nll_loss</c> and PyTorch to 1e-6.</remarks>
    public static readonly LossDefinition GaussianNLL =
        new(LossKind.GaussianNLL, "GaussianNLLLoss", "gaussian_nll_loss", LossInput.Values, LossTarget.FloatOfInputShape,
            new string[0], ImmutableArray.Create(new PyTorchDefault("eps", 1e-6)), inputs: 3);

    public static readonly LossDefinition MSE =
        new(LossKind.MSE, "MSELoss", "mse_loss", LossInput.Values, LossTarget.FloatOfInputShape);

    public static readonly LossDefinition L1 =
        new(LossKind.L1, "L1Loss", "l1_loss", LossInput.Values, LossTarget.FloatOfInputShape);

    public static readonly LossDefinition SmoothL1 =
        new(LossKind.SmoothL1, "SmoothL1Loss", "smooth_l1_loss", LossInput.Values, LossTarget.FloatOfInputShape);

    public static readonly LossDefinition Huber =
        new(LossKind.Huber, "HuberLoss", "huber_loss", LossInput.Values, LossTarget.FloatOfInputShape);

    public static readonly LossDefinition PoissonNLL =
        new(LossKind.PoissonNLL, "PoissonNLLLoss", "poisson_nll_loss", LossInput.Values, LossTarget.FloatOfInputShape);

    public static readonly LossDefinition MarginRanking =
        new(LossKind.MarginRanking, "MarginRankingLoss", "margin_ranking_loss", LossInput.Values, LossTarget.PlusMinusOne, new string[0], default, inputs: 3, targetIndex: 2);

    public static readonly LossDefinition CosineEmbedding =
        new(LossKind.CosineEmbedding, "CosineEmbeddingLoss", "cosine_embedding_loss", LossInput.Values, LossTarget.PlusMinusOne, new string[0], default, inputs: 3, targetIndex: 2);

    public static readonly LossDefinition SoftMargin =
        new(LossKind.SoftMargin, "SoftMarginLoss", "soft_margin_loss", LossInput.Logits, LossTarget.PlusMinusOne);

    public static readonly LossDefinition MultiLabelSoftMargin =
        new(LossKind.MultiLabelSoftMargin, "MultiLabelSoftMarginLoss", "multilabel_soft_margin_loss", LossInput.Logits, LossTarget.MultiHot, "weight");

    /// <remarks>TorchSharp 0.107 has no functional form.</remarks>
    public static readonly LossDefinition MultiLabelMargin =
        new(LossKind.MultiLabelMargin, "MultiLabelMarginLoss", null, LossInput.Logits, LossTarget.PaddedClassIndices, new string[0], default);

    /// <remarks>Called with log-probabilities <c>[T, N, C]</c>, targets, input lengths and target lengths.</remarks>
    public static readonly LossDefinition CTC =
        new(LossKind.CTC, "CTCLoss", "ctc_loss", LossInput.LogProbabilities, LossTarget.LabelSequences, new string[0], default, inputs: 4);

    public static readonly ImmutableArray<LossDefinition> All = ImmutableArray.Create(
        BCE, BCEWithLogits, CrossEntropy, NLL, KLDiv, HingeEmbedding, GaussianNLL, MSE, L1, SmoothL1, Huber, PoissonNLL,
        MarginRanking, CosineEmbedding, SoftMargin, MultiLabelSoftMargin, MultiLabelMargin, CTC);

    /// <summary>The most tensors any loss call takes (CTC's four).</summary>
    public static readonly int MostInputs = All.Max(l => l.Inputs);

    /// <summary>
    /// The losses libtorch computes element-wise after broadcasting input and target, measured on TorchSharp 0.107: MSE,
    /// smooth L1 and Huber print one line on native stderr, L1, Poisson, KL divergence and hinge embedding nothing at all.
    /// </summary>
    public static readonly ImmutableHashSet<LossKind> Broadcasting = ImmutableHashSet.Create(
        LossKind.MSE, LossKind.L1, LossKind.SmoothL1, LossKind.Huber, LossKind.PoissonNLL, LossKind.KLDiv, LossKind.HingeEmbedding);

    public static readonly ImmutableHashSet<string> FunctionalNames = All.Where(l => l.FunctionalName is not null).Select(l => l.FunctionalName!).ToImmutableHashSet(StringComparer.Ordinal);

    public static LossDefinition Of(LossKind kind) =>
        All.FirstOrDefault(l => l.Kind == kind) ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "A loss kind without a catalogue entry.");

    public static LossDefinition? ByFunctionalName(string name) => All.FirstOrDefault(l => l.FunctionalName == name);
}
