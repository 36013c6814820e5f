using System.Collections.Immutable;

namespace LossAnalyzers.Rules;

/// <summary>Every rule of <see cref="LossUsageAnalyzer"/>, in one list: a new rule is one file and one line here.</summary>
internal static class RuleRegistry
{
    public static readonly ImmutableArray<LossRule> LossUsage = ImmutableArray.Create<LossRule>(
        new Loss001SigmoidIntoBce(),
        new Loss002SigmoidIntoBceWithLogits(),
        new Loss003WidthOneHead(),
        new Loss004ProbabilitiesIntoCrossEntropy(),
        new Loss005NllWithoutLogProbabilities(),
        new Loss006PosWeightsLength(),
        new Loss007PerClassWeight(),
        new Loss008InvalidWeight(),
        new Loss009IntegerTarget(),
        new Loss010HandWeightedPositives(),
        new Loss011LogitsThresholdedAtHalf(),
        new Loss012PreferLogits(),
        new Loss014KLDivInputNotLogProbabilities(),
        new Loss015KLDivTargetForm(),
        new Loss016KLDivLogTargetDefault(),
        new Loss017KLDivMeanReduction(),
        new Loss018ClassIndicesNotInt64(),
        new Loss019BroadcastShapes(),
        new Loss020LabelConvention(),
        new Loss021CtcInput(),
        new Loss022TorchSharpDefault(),
        new Loss023GaussianNllVariance(),
        new Loss024LossAccumulatedWithGraph());
}
