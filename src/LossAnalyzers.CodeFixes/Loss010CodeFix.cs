using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using LossAnalyzers.Flow;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS010: fold the hand-made factor on the positives into <c>pos_weights</c> and give the loss back its reduction.
/// Offered only where the pattern is exact: BCEWithLogitsLoss without pos_weights, one call of it, and the per-element
/// losses going nowhere but through the weighting into one <c>.mean()</c> or <c>.sum()</c>. Then, for 0/1 targets, the
/// value is the same: pos_weights multiplies exactly the positive elements.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss010CodeFix))]
[Shared]
public sealed class Loss010CodeFix : SolutionCodeFix
{
    public Loss010CodeFix()
        : base("LOSS010", ("LOSS010.PosWeights", "Fold the factor into pos_weights and restore the reduction"))
    {
    }

    private protected override async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        var changed = false;
        foreach (var group in DiagnosticGroups.ByProject(solution, diagnostics))
        {
            var compilation = await solution.GetProject(group.Project)!.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null || LossAnalysis.TryCreate(compilation) is not { } analysis)
            {
                continue;
            }

            var touched = new HashSet<SyntaxNode>();
            foreach (var diagnostic in group.Diagnostics)
            {
                var tree = diagnostic.Location.SourceTree!;
                var node = (await tree.GetRootAsync(cancellationToken).ConfigureAwait(false)).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (analysis.Model(tree).GetOperation(node, cancellationToken) is not { } operation
                    || Loss010HandWeightedPositives.Find(analysis, operation) is not { } weighting
                    || await PlanAsync(solution, analysis, weighting, cancellationToken).ConfigureAwait(false) is not { } plan
                    || !touched.Add(plan.Owner))
                {
                    continue;
                }

                await ApplyAsync(editor, solution, analysis, weighting, plan, cancellationToken).ConfigureAwait(false);
                changed = true;
            }
        }

        return changed ? editor.GetChangedSolution() : null;
    }

    private sealed class Plan
    {
        public Plan(SyntaxNode owner, IArgumentOperation reduction, IArgumentOperation? nullPosWeights, string reductionName, string factor)
        {
            Factor = factor;
            Owner = owner;
            Reduction = reduction;
            NullPosWeights = nullPosWeights;
            ReductionName = reductionName;
        }

        /// <summary>The factor as a <c>float</c> expression that is valid at the construction.</summary>
        public string Factor { get; }

        /// <summary>A <c>pos_weights</c> argument written as <c>null</c>, replaced rather than added to.</summary>
        public IArgumentOperation? NullPosWeights { get; }

        /// <summary>The loss construction or functional call whose arguments change.</summary>
        public SyntaxNode Owner { get; }

        public IArgumentOperation Reduction { get; }

        /// <summary><c>Mean</c> or <c>Sum</c>, from the one reduction the weighted losses reach.</summary>
        public string ReductionName { get; }
    }

    private static async Task<Plan?> PlanAsync(Solution solution, LossAnalysis analysis, HandWeighting weighting, CancellationToken cancellationToken)
    {
        var call = weighting.Call;
        var existing = call.Argument("pos_weights");
        if (call.Kind != LossKind.BCEWithLogits
            || call.Argument("reduction") is not { } reduction
            || (existing is not null && existing.Value.ConstantValue is not { HasValue: true, Value: null }))
        {
            return null;
        }

        SyntaxNode owner;
        if (call.IsFunctional)
        {
            owner = call.Invocation.Syntax;
        }
        else
        {
            // Changing the construction's reduction changes every call of it: there must be just this one.
            if (call.Constructions.Length != 1)
            {
                return null;
            }

            var construction = call.Constructions[0];
            var calls = analysis.CallsOf(construction.Creation);
            if (calls.IsDefault || calls.Length != 1 || calls[0].Invocation.Syntax != call.Invocation.Syntax
                || !new LossHolders(analysis, LossKind.BCEWithLogits, cancellationToken).TryAdd(construction, new HashSet<SyntaxNode>()))
            {
                return null;
            }

            owner = construction.Creation.Syntax;
        }

        // k moves into the construction: it must be known there (a constant, or in scope and unchanged).
        var factor = weighting.ConstantFactor is { } constant
            ? ((float)constant).ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "f"
            : weighting.FactorSource is { } source ? MovedValue.FloatText(analysis, source, weighting.FactorIsSourcePlusOne, owner)
            : null;
        if (factor is null)
        {
            return null;
        }

        var flow = new WeightedFlow(analysis, weighting);
        flow.Visit(call.Invocation);
        return flow.Exact && flow.Reductions.Count == 1 ? new Plan(owner, reduction, existing, flow.Reductions[0] == "sum" ? "Sum" : "Mean", factor) : null;
    }

    private static async Task ApplyAsync(SolutionEditor editor, Solution solution, LossAnalysis analysis, HandWeighting weighting, Plan plan, CancellationToken cancellationToken)
    {
        var document = await editor.GetDocumentEditorAsync(solution.GetDocument(plan.Owner.SyntaxTree)!.Id, cancellationToken).ConfigureAwait(false);
        var names = new TorchNames(analysis, plan.Owner);
        var posWeights = $"{names.Torch}.tensor(new float[] {{ {plan.Factor} }})";
        var reduction = $"{names.Reduction}.{plan.ReductionName}";

        document.ReplaceNode(plan.Reduction.Value.Syntax, (current, _) => GeneratedCode.Parse(reduction).WithTriviaFrom(current));
        if (plan.NullPosWeights is { } nullPosWeights)
        {
            document.ReplaceNode(nullPosWeights.Value.Syntax, (current, _) => GeneratedCode.Parse(posWeights).WithTriviaFrom(current));
        }
        else if (plan.Owner is InvocationExpressionSyntax { ArgumentList: { } list })
        {
            document.ReplaceNode(list, (current, _) =>
                ((ArgumentListSyntax)current).AddArguments(((InvocationExpressionSyntax)GeneratedCode.Parse($"f(pos_weights: {posWeights})")).ArgumentList.Arguments[0]));
        }

        var site = await editor.GetDocumentEditorAsync(solution.GetDocument(weighting.Expression.Syntax.SyntaxTree)!.Id, cancellationToken).ConfigureAwait(false);
        if (weighting.Form == HandWeightingForm.MaskedMultiply)
        {
            site.RemoveNode(weighting.Expression.Syntax.Parent!, Microsoft.CodeAnalysis.SyntaxRemoveOptions.KeepNoTrivia);
        }
        else
        {
            var unweighted = weighting.Unweighted.Syntax.ToString();
            site.ReplaceNode(weighting.Expression.Syntax, (current, _) => GeneratedCode.Parse(GeneratedCode.Receiver(unweighted)).WithTriviaFrom(current));
        }
    }

    /// <summary>
    /// Where the per-element losses go from the loss call, asked of the engine: through locals and shape steps into the
    /// weighting, then into reductions. <see cref="Exact"/> turns false at any other use (a print, a second weighting, an
    /// indexer read).
    /// </summary>
    private sealed class WeightedFlow
    {
        private readonly LossAnalysis analysis;
        private readonly HandWeighting weighting;

        public WeightedFlow(LossAnalysis analysis, HandWeighting weighting)
        {
            this.analysis = analysis;
            this.weighting = weighting;
        }

        public bool Exact { get; private set; } = true;

        public List<string> Reductions { get; } = new();

        /// <summary>Asks the engine where the per-element losses of <paramref name="call"/> go; any use outside the pattern makes it not exact.</summary>
        public void Visit(IOperation call)
        {
            if (analysis.Flow.Uses.Find(call, Classify).Escapes)
            {
                Exact = false;
            }
        }

        private UseVerdict Classify(ValueUse use)
        {
            var current = use.Occurrence;
            if (current.Syntax != weighting.Expression.Syntax && weighting.Expression.Syntax.Span.Contains(current.Syntax.Span))
            {
                // An operand of where(...) or of the product: the weighting itself goes on, up to the whole expression.
                return weighting.Form == HandWeightingForm.MaskedMultiply ? Parent(current) : UseVerdict.Same;
            }

            if (current.Syntax == weighting.Expression.Syntax && weighting.Form == HandWeightingForm.MaskedMultiply)
            {
                return UseVerdict.Ignore;
            }

            // The weighted losses (or the losses before a masked weighting): from here on they must only be reduced.
            return Parent(current);
        }

        private UseVerdict Parent(IOperation current)
        {
            switch (current.Parent)
            {
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer
                    when indexer.Instance == current && weighting.Expression is ICompoundAssignmentOperation { Target: var target } && target.Syntax == indexer.Syntax:
                    return UseVerdict.Ignore;
                case IInvocationOperation { TargetMethod.Name: "mean" or "sum" } reduce
                    when reduce.Instance == current && reduce.Arguments.All(a => a.ArgumentKind == ArgumentKind.DefaultValue):
                    if (weighting.Form == HandWeightingForm.MaskedMultiply && reduce.Syntax.SpanStart < weighting.Expression.Syntax.Span.End)
                    {
                        return UseVerdict.Escape;
                    }

                    Reductions.Add(reduce.TargetMethod.Name);
                    return UseVerdict.Ignore;
                case IInvocationOperation step when step.Instance == current
                                                    && analysis.Symbols.IsTensor(step.TargetMethod.ContainingType)
                                                    && ShapeSteps.IsPassThrough(step.TargetMethod.Name):
                    return UseVerdict.Same;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                    when LocalDefinitions.Collect(LocalDefinitions.Root(current), declarator.Symbol).Length == 1:
                    // A local assigned again would drop or replace the per-element losses: not the exact pattern.
                    return UseVerdict.Carry;
                default:
                    return UseVerdict.Escape;
            }
        }
    }
}
