using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS021: <c>CTCLoss</c> / <c>ctc_loss</c> reads its input as log-probabilities over the classes, the last dimension
/// of <c>[T, N, C]</c>. Raw logits, softmax probabilities and a log_softmax over another dimension all run without an
/// error and compute another number. Clamping the loss to keep infinite values out leaves their NaN gradients in;
/// <c>zero_infinity: true</c> is the loss's own remedy.
/// </summary>
internal sealed class Loss021CtcInput : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS021",
        "CTCLoss does not get log-probabilities over the classes",
        "{0} gets '{1}', the raw output of a Linear layer, as its log-probabilities: CTC adds them up along every alignment, so on raw scores the loss means nothing (it can fall below zero) and no error is raised. Pass '{2}', log_softmax over the classes (the last dimension).",
        DiagnosticSeverity.Warning,
        "CTCLoss and ctc_loss take log-probabilities of shape [T, N, C] (time, batch, classes), normalised over the classes with log_softmax on the last dimension. In TorchSharp 0.107 raw logits give -3.29 where the log-probabilities give 3.04, without any error. A clamp on the loss does not remove the NaN gradient of an infinite loss; zero_infinity: true does.");

    /// <summary>Softmax probabilities.</summary>
    public static readonly DiagnosticDescriptor Softmax = Descriptors.Variant(
        Rule,
        "{0} gets '{1}' as softmax probabilities ({2}): CTC reads its input as log-probabilities, so probabilities are taken for logs and the loss is wrong (it can fall below zero) without any error. Use log_softmax over the classes (the last dimension) instead of softmax.");

    /// <summary>log_softmax over a dimension other than the classes.</summary>
    public static readonly DiagnosticDescriptor WrongDimension = Descriptors.Variant(
        Rule,
        "{0} gets '{1}' as log_softmax over dimension {2} ({3}), but CTC's input is [T, N, C] and must be normalised over the classes, the last dimension: over dimension {2} no time step holds a distribution and the loss is wrong without any error. Use log_softmax({4}).");

    /// <summary>The loss clamped instead of zero_infinity.</summary>
    public static readonly DiagnosticDescriptor Clamped = Descriptors.Variant(
        Rule,
        "The result of {0} is clamped by '{1}' ({2}) to keep infinite losses out, but an infinite CTC loss (a target longer than its input allows) has a NaN gradient and the clamp does not remove it: the NaN reaches every parameter. Remove the clamp and pass zero_infinity: true to {0}.");

    /// <summary>Which fix the diagnostic takes: <c>Append</c> (log_softmax on the input), <c>Dimension</c>, <c>ZeroInfinity</c>.</summary>
    public const string RepairProperty = "Repair";

    /// <summary>The dimension the fix writes (<c>2</c> for a visible <c>[T, N, C]</c>, else <c>-1</c>).</summary>
    public const string DimensionProperty = "Dimension";

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = ImmutableArray.Create(Rule, Softmax, WrongDimension, Clamped);

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
    {
        if (call.Kind != LossKind.CTC)
        {
            return;
        }

        var input = call.Input.Value;
        var shape = analysis.ShapeOf(input);
        var classes = shape.RankShown && shape.Rank == 3 ? "2" : "-1";
        var text = SourceText.Abbreviate(input.Syntax);
        switch (origin.Kind)
        {
            case OriginKind.Logits:
                context.ReportDiagnostic(Diagnostic.Create(
                    Rule, input.Syntax.GetLocation(), Repair("Append", classes), call.Name, text, $"{SourceText.Operand(input.Syntax)}.log_softmax({classes})"));
                break;
            case OriginKind.SoftmaxProbabilities:
                // The fix swaps softmax for log_softmax on the same dimension: only where that dimension is the classes'.
                var softmaxOnClasses = origin.Sites.All(site => OnClasses(analysis, site, shape) == true);
                context.ReportDiagnostic(Diagnostic.Create(
                    Softmax, input.Syntax.GetLocation(), softmaxOnClasses ? Repair("Softmax", classes) : FixForm(null), call.Name, text, SourceText.DescribeSites(origin.Sites, "softmax", input.Syntax)));
                break;
            case OriginKind.LogProbabilities when origin.Sites.FirstOrDefault(site => OnClasses(analysis, site, shape) == false) is { Dimension: { } dimension } wrong:
                context.ReportDiagnostic(Diagnostic.Create(
                    WrongDimension, input.Syntax.GetLocation(), Repair("Dimension", classes), call.Name, text, dimension.ToString(), SourceText.DescribeSites(origin.Sites, "log_softmax", input.Syntax), classes));
                break;
        }

        ReportClamps(call, analysis, context);
    }

    /// <summary>
    /// Whether a softmax or log_softmax site normalises over the classes: its constant dimension is the last of the
    /// input's. Null where that is not visible. Dimension 0 (time) and -2 or below are never the last of a CTC input, -1
    /// and 2 always are where the call runs; dimension 1 is wrong for a visible <c>[T, N, C]</c> and right for an
    /// unbatched <c>[T, C]</c>.
    /// </summary>
    private static bool? OnClasses(LossAnalysis analysis, ActivationSite site, TensorShape shape)
    {
        if (site.Dimension is null || OperationFacts.ConstantInteger(analysis.Model(site.Dimension.SyntaxTree).GetOperation(site.Dimension)) is not { } dimension)
        {
            return null;
        }

        if (shape.RankShown && shape.Rank is { } rank)
        {
            return dimension == -1 || dimension == rank - 1;
        }

        // A CTC input has two or three dimensions; 2 runs only on three, where it is the last.
        return dimension == 0 || dimension <= -2 ? false : dimension is -1 or 2 ? true : null;
    }

    private static void ReportClamps(LossCall call, LossAnalysis analysis, DiagnosticSink context)
    {
        foreach (var clamp in ClampsOf(call, analysis))
        {
            // A clamp several CTC calls reach (one per branch of a choice) is reported once, by the first of them.
            var reaching = CallsReaching(clamp, analysis);
            if (reaching.Length > 0 && reaching[0] != call.Invocation.Syntax)
            {
                continue;
            }

            var here = clamp.Syntax.SyntaxTree == call.Invocation.Syntax.SyntaxTree;
            context.ReportDiagnostic(Diagnostic.Create(
                Clamped,
                (here ? clamp.Syntax : call.Invocation.Syntax).GetLocation(),
                Repair("ZeroInfinity", "-1"),
                call.Name,
                SourceText.Abbreviate(clamp.Syntax),
                here ? "here" : "at " + SourceText.Where(clamp.Syntax)));
        }
    }

    /// <summary>
    /// The clamps (<c>clamp</c>, <c>clamp_max</c>, <c>clip</c>, <c>nan_to_num</c>) a CTC loss's value reaches, through what
    /// carries it and its reductions, unless the loss already zeroes infinite values.
    /// </summary>
    public static ImmutableArray<IOperation> ClampsOf(LossCall call, LossAnalysis analysis)
    {
        if (call.Kind != LossKind.CTC || (call.Argument("zero_infinity") is { } zeroInfinity && OperationFacts.Constant(zeroInfinity.Value) is true))
        {
            return ImmutableArray<IOperation>.Empty;
        }

        var found = analysis.Flow.Uses.Find(call.Invocation, use => ClampUse(analysis, use.Occurrence));
        return found.Sinks.Select(occurrence => occurrence.Parent is IArgumentOperation argument ? argument.Parent! : occurrence.Parent!).ToImmutableArray();
    }

    /// <summary>The CTC calls whose value the clamp clamps, in source order.</summary>
    public static ImmutableArray<SyntaxNode> CallsReaching(IOperation clamp, LossAnalysis analysis)
    {
        var clamped = clamp is IInvocationOperation { Instance: { } receiver } ? receiver : clamp is IInvocationOperation { Arguments.Length: > 0 } call ? call.Arguments[0].Value : null;
        if (clamped is null)
        {
            return ImmutableArray<SyntaxNode>.Empty;
        }

        var calls = analysis.Flow.Sources.Answers(
            clamped,
            new TraceState(),
            leaf => leaf is IInvocationOperation invocation && analysis.TryGetLossCall(invocation, out var loss) && loss.Kind == LossKind.CTC
                ? new Optional<SyntaxNode?>(invocation.Syntax)
                : new Optional<SyntaxNode?>(null),
            null);
        return calls.IsDefault
            ? ImmutableArray<SyntaxNode>.Empty
            : calls.Where(c => c is not null).Select(c => c!).Distinct()
                .OrderBy(c => c.SyntaxTree.FilePath, System.StringComparer.Ordinal).ThenBy(c => c.SpanStart).ToImmutableArray();
    }

    private static UseVerdict ClampUse(LossAnalysis analysis, IOperation occurrence)
    {
        var symbols = analysis.Symbols;
        switch (occurrence.Parent)
        {
            case IInvocationOperation call when call.Instance == occurrence && symbols.IsTensor(call.TargetMethod.ContainingType):
                // A detached copy (for a log line, a metric) has no gradient for a clamp to leave NaN in.
                return call.TargetMethod.Name is "detach" or "detach_" ? UseVerdict.Ignore
                    : call.TargetMethod.Name is "clamp" or "clamp_" or "clamp_max" or "clamp_max_" or "clip" or "nan_to_num" or "nan_to_num_" ? UseVerdict.Sink
                    : call.TargetMethod.Name is "mean" or "sum" || TensorSteps.PassThrough.Contains(call.TargetMethod.Name) ? UseVerdict.Same
                    : UseVerdict.Carry;
            case IArgumentOperation { Parent: IInvocationOperation call } argument
                when argument.Parameter?.Ordinal == 0 && call.Instance is null && symbols.IsTensorFunctionHost(call.TargetMethod.ContainingType)
                     && call.TargetMethod.Name is "clamp" or "clamp_max" or "clip" or "nan_to_num":
                return UseVerdict.Sink;
            default:
                return UseVerdict.Carry;
        }
    }

    private static ImmutableDictionary<string, string?> Repair(string repair, string dimension) =>
        FixForm(null).Add(RepairProperty, repair).Add(DimensionProperty, dimension);
}
