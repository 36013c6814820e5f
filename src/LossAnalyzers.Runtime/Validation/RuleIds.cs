namespace LossAnalyzers.Runtime.Validation;

/// <summary>
/// The analyzer rule each runtime check reports, so that <see cref="LossValidationException.RuleId"/> points at the
/// page that explains the same mistake. Where no rule finds exactly this mistake in source, the check takes the rule
/// of the argument it is about: the target's shape and device go with the target rule (LOSS009), a weight's dtype and
/// device with the weight-value rule (LOSS008).
/// </summary>
internal static class RuleIds
{
    /// <summary>A class dimension of width 1 for CrossEntropyLoss / NLLLoss: the loss is constant.</summary>
    public const string WidthOne = "LOSS003";

    /// <summary>A KLDivLoss input that is not log-probabilities.</summary>
    public const string KLDivInput = "LOSS014";

    /// <summary>A KLDivLoss target that does not fit the input or does not match log_target.</summary>
    public const string KLDivTarget = "LOSS015";

    /// <summary>A class-index target that is not Int64, does not fit the input's shape or holds a label out of range.</summary>
    public const string ClassIndexTarget = "LOSS018";

    /// <summary>An element-wise loss's input and target of different shapes that broadcast ([N, 1] against [N]), or that do not fit at all.</summary>
    public const string Broadcast = "LOSS019";

    /// <summary>A target of a ±1 loss (MarginRanking, HingeEmbedding, SoftMargin, CosineEmbedding) holding values other than -1 and 1.</summary>
    public const string SignLabels = "LOSS020";

    /// <summary>A CTCLoss input that is not log-probabilities over the classes, or lengths that do not fit it.</summary>
    public const string Ctc = "LOSS021";

    /// <summary>A GaussianNLLLoss variance that is negative or of a shape PyTorch's formula does not take.</summary>
    public const string GaussianVariance = "LOSS023";

    /// <summary>pos_weights that does not fit the input's class (label) dimension.</summary>
    public const string PosWeightLength = "LOSS006";

    /// <summary>A BCE weight that does not broadcast to the input; a per-class vector on a single-label input.</summary>
    public const string WeightShape = "LOSS007";

    /// <summary>A weight that is not positive and finite, or not a floating tensor on the input's device.</summary>
    public const string WeightValues = "LOSS008";

    /// <summary>A BCE target that is not a floating tensor shaped like the input on the input's device.</summary>
    public const string Target = "LOSS009";
}
