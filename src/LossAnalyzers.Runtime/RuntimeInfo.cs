namespace LossAnalyzers.Runtime;

/// <summary>
/// Runtime helpers on TorchSharp that pair with the LossAnalyzers rules: <see cref="ValidatedLoss"/> (losses that
/// check their arguments and say how to fix a mistake) and <see cref="ClassWeights"/> (class-balance weights from
/// the data).
/// </summary>
public static class RuntimeInfo
{
    /// <summary>The rule catalogue the runtime's error messages refer to.</summary>
    public const string RulesUrl = "https://github.com/lossanalyzers/lossanalyzers/tree/main/docs/rules";
}
