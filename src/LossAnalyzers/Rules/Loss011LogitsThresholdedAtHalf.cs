using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS011: a tensor known to be logits (fed to BCEWithLogitsLoss, or another output of the same module instance, a
/// model whose forward never visibly returns probabilities) compared
/// with 0.5, by operator (<c>&gt;</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&lt;=</c>) or by <c>gt</c>/<c>ge</c>/<c>lt</c>/<c>le</c>.
/// </summary>
internal sealed class Loss011LogitsThresholdedAtHalf : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS011",
        "Logits are compared with 0.5",
        "'{0}' holds logits (it is fed to BCEWithLogitsLoss at {1}), so comparing it with 0.5 thresholds the probability at sigmoid(0.5) = 0.62, not at one half. Logit 0 is probability one half. Compare with 0, or apply torch.sigmoid first.",
        DiagnosticSeverity.Warning,
        "A tensor fed to BCEWithLogitsLoss holds logits; the decision threshold for probability 0.5 is logit 0.");

    /// <summary>Another output of the same model instance is what is fed to the logits loss.</summary>
    public static readonly DiagnosticDescriptor SameModel = Descriptors.Variant(
        Rule,
        "'{0}' holds logits (the same model's output is fed to BCEWithLogitsLoss at {1}), so comparing it with 0.5 thresholds the probability at sigmoid(0.5) = 0.62, not at one half. Logit 0 is probability one half. Compare with 0, or apply torch.sigmoid first.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = ImmutableArray.Create(Rule, SameModel);

    public override ImmutableArray<RuleTrigger> Triggers { get; } = ImmutableArray.Create(
        RuleTrigger.Invocation("gt", ComparesWithHalf),
        RuleTrigger.Invocation("ge", ComparesWithHalf),
        RuleTrigger.Invocation("lt", ComparesWithHalf),
        RuleTrigger.Invocation("le", ComparesWithHalf),
        RuleTrigger.Expression(
            ComparesWithHalf,
            SyntaxKind.GreaterThanExpression,
            SyntaxKind.GreaterThanOrEqualExpression,
            SyntaxKind.LessThanExpression,
            SyntaxKind.LessThanOrEqualExpression));

    public override void OnTensorOperator(IBinaryOperation comparison, LossAnalysis analysis, DiagnosticSink context)
    {
        if (comparison.OperatorMethod is not { } method
            || !analysis.Symbols.IsTensor(method.ContainingType)
            || comparison.OperatorKind is not (BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual
                or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual))
        {
            return;
        }

        if (IsHalf(comparison.RightOperand))
        {
            Check(comparison.LeftOperand, comparison, analysis, context);
        }
        else if (IsHalf(comparison.LeftOperand))
        {
            Check(comparison.RightOperand, comparison, analysis, context);
        }
    }

    public override void OnInvocation(IInvocationOperation invocation, LossAnalysis analysis, DiagnosticSink context)
    {
        if (invocation.TargetMethod.Name is "gt" or "ge" or "lt" or "le"
            && invocation.Instance is { } tensor
            && analysis.Symbols.IsTensor(invocation.TargetMethod.ContainingType)
            && invocation.Arguments.Length == 1
            && IsHalf(invocation.Arguments[0].Value))
        {
            Check(tensor, invocation, analysis, context);
        }
    }

    /// <summary>A comparison, written as an operator or a one-argument call, of which one side may be the constant 0.5.</summary>
    private static bool ComparesWithHalf(SyntaxNodeInfo info) => info.Node switch
    {
        BinaryExpressionSyntax comparison => info.Constants.MayEqual(comparison.Left, 0.5) || info.Constants.MayEqual(comparison.Right, 0.5),
        InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments } => info.Constants.MayEqual(arguments[0].Expression, 0.5),
        _ => false,
    };

    /// <summary>The constant 0.5 (as <c>0.5</c>, <c>0.5f</c>, or a named constant), also when converted to a Scalar.</summary>
    public static bool IsHalf(IOperation operand) => OperationFacts.ConstantNumber(operand) == 0.5;

    private static void Check(IOperation tensor, IOperation comparison, LossAnalysis analysis, DiagnosticSink context)
    {
        tensor = OperationFacts.StripConversions(tensor)!;
        if (!analysis.Symbols.IsTensor(tensor.Type)
            || analysis.OriginOf(tensor).Kind is OriginKind.SigmoidProbabilities or OriginKind.SoftmaxProbabilities or OriginKind.TwoColumnFromSigmoid)
        {
            return;
        }

        var (loss, direct) = analysis.LogitsEvidence(tensor);
        if (loss is null || (!direct && analysis.MayReturnProbabilities(tensor)))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            direct ? Rule : SameModel,
            comparison.Syntax.GetLocation(),
            SourceText.Abbreviate(tensor.Syntax),
            SourceText.Where(loss)));
    }
}
