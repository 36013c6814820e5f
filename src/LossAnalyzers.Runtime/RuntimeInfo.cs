namespace LossAnalyzers.Runtime;

/// <summary>
/// Runtime helpers on TorchSharp that pair with the LossAnalyzers rules. The validated loss, the class-weight
/// helpers and the fused kernel are built in a later step; this assembly already ships so that applications
/// can reference one package version for both halves.
/// </summary>
public static class RuntimeInfo
{
    /// <summary>The rule catalogue the runtime's error messages refer to.</summary>
    public const string RulesUrl = "https://github.com/lossanalyzers/lossanalyzers/tree/main/docs/rules";
}
