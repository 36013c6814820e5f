using System.Globalization;
using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>LOSS010 (Info): positives of an unreduced BCE loss re-weighted by hand instead of with pos_weights.</summary>
internal sealed class Loss010HandWeightedPositives : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS010",
        "Positives are re-weighted by hand instead of with pos_weights",
        "'{0}' multiplies the positive elements of an unreduced BCE loss by {1} by hand. BCEWithLogitsLoss does the same with pos_weights inside its fused, numerically stable computation, without the extra mask and copies. Pass pos_weights: {1} and keep the loss's own reduction.",
        DiagnosticSeverity.Info,
        "pos_weights multiplies the positive term of the loss: loss = -[p y log(sigmoid(x)) + (1 - y) log(1 - sigmoid(x))].");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<RuleTrigger> Triggers { get; } = ImmutableArray.Create(
        RuleTrigger.Invocation("where", node => node.Arguments.Count == 3),

        // The blend loss * (1 + c * target): one side is a sum.
        RuleTrigger.Expression(
            node => node.Node is BinaryExpressionSyntax product
                    && (CandidateSyntax.Uncast(product.Left).IsKind(SyntaxKind.AddExpression) || CandidateSyntax.Uncast(product.Right).IsKind(SyntaxKind.AddExpression)),
            SyntaxKind.MultiplyExpression),
        RuleTrigger.Expression(node => node.Node is AssignmentExpressionSyntax { Left: var target } && CandidateSyntax.Uncast(target) is ElementAccessExpressionSyntax, SyntaxKind.MultiplyAssignmentExpression));

    public override void OnInvocation(IInvocationOperation invocation, LossAnalysis analysis, DiagnosticSink sink) => Analyze(invocation, analysis, sink);

    public override void OnTensorOperator(IBinaryOperation binary, LossAnalysis analysis, DiagnosticSink sink) => Analyze(binary, analysis, sink);

    public override void OnCompoundAssignment(ICompoundAssignmentOperation compound, LossAnalysis analysis, DiagnosticSink sink) => Analyze(compound, analysis, sink);

    private static void Analyze(IOperation operation, LossAnalysis analysis, DiagnosticSink context)
    {
        if (Find(analysis, operation) is not { } weighting)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            weighting.Expression.Syntax.GetLocation(),
            SourceText.Abbreviate(weighting.Expression.Syntax),
            weighting.Factor));
    }

    /// <summary>
    /// The hand re-weighting of positives an operation performs on an unreduced BCE loss, if it is one of
    /// <c>loss[target == 1] *= k</c>, <c>torch.where(target == 1, loss * k, loss)</c> or
    /// <c>loss * (1 + (k - 1) * target)</c>, where <c>target</c> is that loss call's target. The fix reads it too.
    /// </summary>
    public static HandWeighting? Find(LossAnalysis analysis, IOperation operation) => new Pattern(analysis).At(operation);

    /// <summary>The pattern's matcher, over one compilation's analysis.</summary>
    private sealed class Pattern
    {
        private readonly LossAnalysis analysis;

        public Pattern(LossAnalysis analysis) => this.analysis = analysis;

        private TorchSymbols Symbols => analysis.Symbols;

        private System.Collections.Immutable.ImmutableArray<IOperation> ValueRoots(IOperation value) => analysis.ValueRoots(value);

        private bool TryGetLossCall(IInvocationOperation invocation, out LossCall call) => analysis.TryGetLossCall(invocation, out call);

        /// <summary>
        /// The hand re-weighting of positives an operation performs on an unreduced BCE loss, if it is one of
        /// <c>loss[target == 1] *= k</c>, <c>torch.where(target == 1, loss * k, loss)</c> or
        /// <c>loss * (1 + (k - 1) * target)</c>, where <c>target</c> is that loss call's target.
        /// </summary>
        public HandWeighting? At(IOperation operation)
        {
            switch (operation)
            {
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Multiply, Target: IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } loss } indexer } compound
                    when Symbols.IsTensor(indexer.Property.ContainingType):
                    return SingleIndex(indexer) is { } mask && UnreducedBce(loss) is { } maskedCall && IsPositiveMaskOf(mask, maskedCall)
                        ? new HandWeighting(HandWeightingForm.MaskedMultiply, compound, maskedCall, loss, Text(compound.Value), OperationFacts.ConstantNumber(compound.Value), compound.Value)
                        : null;

                case IInvocationOperation { TargetMethod.Name: "where", Arguments.Length: 3 } where
                    when SymbolEqualityComparer.Default.Equals(where.TargetMethod.ContainingType, Symbols.Torch):
                    var condition = OperationFacts.Argument(where, 0)?.Value;
                    var weighted = OperationFacts.StripConversions(OperationFacts.Argument(where, 1)?.Value);
                    var plain = OperationFacts.Argument(where, 2)?.Value;
                    if (condition is null || plain is null || UnreducedBce(plain) is not { } whereCall || !IsPositiveMaskOf(condition, whereCall)
                        || weighted is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product)
                    {
                        return null;
                    }

                    var factor = SameValue(product.LeftOperand, plain) ? product.RightOperand
                        : SameValue(product.RightOperand, plain) ? product.LeftOperand
                        : null;
                    return factor is not null && !Symbols.IsTensor(OperationFacts.StripConversions(factor)?.Type)
                        ? new HandWeighting(HandWeightingForm.Where, where, whereCall, plain, Text(factor), OperationFacts.ConstantNumber(factor), factor)
                        : null;

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply, OperatorMethod: { } method } blend
                    when Symbols.IsTensor(method.ContainingType):
                    foreach (var (lossSide, other) in new[] { (blend.LeftOperand, blend.RightOperand), (blend.RightOperand, blend.LeftOperand) })
                    {
                        // The shape 1 + c * t is checked first: it is cheap, and most tensor products are not this.
                        if (ScaledPlusOne(other) is not null && UnreducedBce(lossSide) is { } blendCall && BlendFactor(other, blendCall) is { } k)
                        {
                            return new HandWeighting(HandWeightingForm.Blend, blend, blendCall, lossSide, k.Text, k.Constant, k.Source, k.PlusOne);
                        }
                    }

                    return null;

                default:
                    return null;
            }
        }

        /// <summary>
        /// The loss call behind an unreduced (<c>Reduction.None</c>) BCE loss value, through shape steps; where a choice
        /// holds several such calls, they must all weight the same target (the first is returned).
        /// </summary>
        private LossCall? UnreducedBce(IOperation value)
        {
            var roots = ValueRoots(value);
            if (roots.IsEmpty)
            {
                return null;
            }

            LossCall? first = null;
            foreach (var root in roots)
            {
                if (root is not IInvocationOperation invocation || !TryGetLossCall(invocation, out var call) || !IsUnreducedBce(call)
                    || (first is not null && !SameValue(first.Target.Value, call.Target.Value)))
                {
                    return null;
                }

                first ??= call;
            }

            return first;
        }

        private bool IsUnreducedBce(LossCall call)
        {
            if (call.Kind is not (LossKind.BCE or LossKind.BCEWithLogits) || call.Argument("reduction") is not { } reduction)
            {
                return false;
            }

            var none = Symbols.Reduction?.GetMembers("None").OfType<IFieldSymbol>().FirstOrDefault();
            var constant = OperationFacts.Constant(reduction.Value);
            return none is { HasConstantValue: true } && constant is not null
                   && Equals(System.Convert.ToInt64(constant, CultureInfo.InvariantCulture), System.Convert.ToInt64(none.ConstantValue, CultureInfo.InvariantCulture));
        }

        /// <summary><c>target == 1</c> or <c>target.eq(1)</c> on the loss call's own target.</summary>
        private bool IsPositiveMaskOf(IOperation mask, LossCall call)
        {
            IOperation? tensor = OperationFacts.StripConversions(mask) switch
            {
                IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals, OperatorMethod: { } method } equals when Symbols.IsTensor(method.ContainingType)
                    => OperationFacts.ConstantNumber(equals.RightOperand) == 1 ? equals.LeftOperand
                        : OperationFacts.ConstantNumber(equals.LeftOperand) == 1 ? equals.RightOperand
                        : null,
                IInvocationOperation { TargetMethod.Name: "eq", Instance: { } instance, Arguments.Length: 1 } eq
                    when OperationFacts.ConstantNumber(eq.Arguments[0].Value) == 1 => instance,
                _ => null,
            };
            return tensor is not null && SameValue(tensor, call.Target.Value);
        }

        /// <summary><c>1 + c * target</c> (in any order): the positives get factor <c>c + 1</c>.</summary>
        private (string Text, double? Constant, IOperation? Source, bool PlusOne)? BlendFactor(IOperation operand, LossCall call)
        {
            if (ScaledPlusOne(operand) is not { } product)
            {
                return null;
            }

            var c = SameValue(product.RightOperand, call.Target.Value) ? product.LeftOperand
                : SameValue(product.LeftOperand, call.Target.Value) ? product.RightOperand
                : null;
            c = OperationFacts.StripConversions(c);
            if (c is null || Symbols.IsTensor(c.Type))
            {
                return null;
            }

            if (OperationFacts.ConstantNumber(c) is { } constant)
            {
                return ((constant + 1).ToString("R", CultureInfo.InvariantCulture), constant + 1, null, false);
            }

            // (k - 1) * target: the factor is k itself.
            return c is IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } minus && OperationFacts.ConstantNumber(minus.RightOperand) == 1
                ? (Text(minus.LeftOperand), OperationFacts.ConstantNumber(minus.LeftOperand), minus.LeftOperand, false)
                : ($"({Text(c)}) + 1", null, c, true);
        }

        /// <summary>The product <c>c * t</c> of an operand written <c>1 + c * t</c> (either order), if it is one.</summary>
        private static IBinaryOperation? ScaledPlusOne(IOperation operand)
        {
            if (OperationFacts.StripConversions(operand) is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum)
            {
                return null;
            }

            var scaled = OperationFacts.ConstantNumber(sum.LeftOperand) == 1 ? sum.RightOperand
                : OperationFacts.ConstantNumber(sum.RightOperand) == 1 ? sum.LeftOperand
                : null;
            return OperationFacts.StripConversions(scaled) as IBinaryOperation is { OperatorKind: BinaryOperatorKind.Multiply } product ? product : null;
        }

        private IOperation? SingleIndex(IPropertyReferenceOperation indexer)
        {
            if (indexer.Arguments.Length != 1)
            {
                return null;
            }

            var elements = OperationFacts.Elements(indexer.Arguments[0].Value);
            return elements.IsDefault ? indexer.Arguments[0].Value : elements.Length == 1 ? elements[0].Value : null;
        }

        /// <summary>
        /// Two expressions that hold the same tensor values, up to shape and dtype steps: they come down, through locals
        /// with one definition and through <c>view</c>, <c>flatten</c>, <c>@float()</c> and the like, to the same
        /// parameter or field, or to the same expression.
        /// </summary>
        private bool SameValue(IOperation left, IOperation right)
        {
            var a = BaseValue(left);
            var b = BaseValue(right);
            return (a, b) switch
            {
                (IParameterReferenceOperation p, IParameterReferenceOperation q) => SymbolEqualityComparer.Default.Equals(p.Parameter, q.Parameter)
                    && LocalDefinitions.Reaching(p, p.Parameter).IsDefault && LocalDefinitions.Reaching(q, q.Parameter).IsDefault,
                (IFieldReferenceOperation f, IFieldReferenceOperation g) => SymbolEqualityComparer.Default.Equals(f.Field, g.Field),
                (IPropertyReferenceOperation { Property.IsIndexer: false } f, IPropertyReferenceOperation { Property.IsIndexer: false } g)
                    => SymbolEqualityComparer.Default.Equals(f.Property, g.Property),
                _ => a.Syntax == b.Syntax,
            };
        }

        /// <summary>What a tensor expression is made from, looking through single-definition locals and value-keeping steps.</summary>
        private IOperation BaseValue(IOperation value)
        {
            for (var depth = 0; depth < 32; depth++)
            {
                value = OperationFacts.StripConversions(value) ?? value;
                switch (value)
                {
                    case ILocalReferenceOperation local
                        when LocalDefinitions.Reaching(local, local.Local) is { IsDefault: false, Length: 1 } definitions && definitions[0].Value is { } assigned:
                        value = assigned;
                        continue;
                    case IInvocationOperation { Instance: { } receiver, TargetMethod: var method }
                        when Symbols.IsTensor(method.ContainingType)
                             && (ShapeSteps.IsPassThrough(method.Name) || method.Name is "float" or "double" or "long" or "int" or "bool" or "to_type"):
                        value = receiver;
                        continue;
                }

                return value;
            }

            return value;
        }

        private static string Text(IOperation operation) => (OperationFacts.StripConversions(operation) ?? operation).Syntax.ToString();
    }
}
