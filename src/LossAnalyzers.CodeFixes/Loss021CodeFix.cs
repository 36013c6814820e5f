using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS021, one action decided per diagnostic: raw logits get <c>.log_softmax(dim)</c> where they are passed; a softmax
/// becomes log_softmax on the same dimension (the activation-removal plan keeps every other use of it); a log_softmax
/// over the wrong dimension gets the classes' dimension where nothing else reads its value; a clamp of the loss goes
/// and the loss gets <c>zero_infinity: true</c>, where no other call of its construction would change.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss021CodeFix))]
[Shared]
public sealed class Loss021CodeFix : SolutionCodeFix
{
    public Loss021CodeFix()
        : base("LOSS021", ("LOSS021.LogProbabilities", "Give CTCLoss log-probabilities over the classes"))
    {
    }

    private protected override string? TitleFor(Diagnostic diagnostic, string equivalenceKey) => Repair(diagnostic) switch
    {
        "Append" => "Apply log_softmax over the classes to the input",
        "Softmax" => "Use log_softmax instead of softmax",
        "Dimension" => "Take log_softmax over the classes",
        "ZeroInfinity" => "Remove the clamp and pass zero_infinity: true",
        _ => null,
    };

    private protected override async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        var softmax = diagnostics.Where(d => Repair(d) == "Softmax").ToImmutableArray();
        var changed = !softmax.IsEmpty
                      && await ActivationRemovalFix.AddAsync(editor, softmax, ActivationRemovalMode.SoftmaxIntoCtc, cancellationToken).ConfigureAwait(false);
        var others = diagnostics.Where(d => Repair(d) is "Append" or "Dimension" or "ZeroInfinity").ToImmutableArray();
        changed |= !others.IsEmpty && await NodeEdits.AddAsync(editor, others, (analysis, diagnostic, node) => Edits(analysis, diagnostic, node, cancellationToken), cancellationToken).ConfigureAwait(false);
        return changed ? editor.GetChangedSolution() : null;
    }

    private static string? Repair(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(Loss021CtcInput.RepairProperty, out var repair) ? repair : null;

    private static ImmutableArray<NodeEdit> Edits(LossAnalysis analysis, Diagnostic diagnostic, SyntaxNode node, CancellationToken cancellationToken)
    {
        var dimension = diagnostic.Properties.TryGetValue(Loss021CtcInput.DimensionProperty, out var written) && written is not null ? written : "-1";
        switch (Repair(diagnostic))
        {
            case "Append":
                return ImmutableArray.Create(new NodeEdit(node, current => GeneratedCode.Parse($"{GeneratedCode.Receiver(current.ToString())}.log_softmax({dimension})")));
            case "Dimension":
                return DimensionEdit(analysis, diagnostic, dimension, cancellationToken) is { } edit ? ImmutableArray.Create(edit) : default;
            case "ZeroInfinity":
                return ZeroInfinityEdits(analysis, node, cancellationToken);
            default:
                return default;
        }
    }

    /// <summary>The wrong dimension of the log_softmax call, rewritten where its value reaches this loss input and nothing else.</summary>
    private static NodeEdit? DimensionEdit(LossAnalysis analysis, Diagnostic diagnostic, string dimension, CancellationToken cancellationToken)
    {
        if (DiagnosticLossCall.Find(analysis, diagnostic, cancellationToken) is not { } call)
        {
            return null;
        }

        var sites = analysis.OriginOf(call.Input.Value).Sites;
        if (sites.Length != 1 || sites[0] is not { Kind: SiteKind.UnwrapCall, Dimension: ExpressionSyntax written } site
            || analysis.Model(site.Node.SyntaxTree).GetOperation(site.Node, cancellationToken) is not { } value
            || !analysis.ReachesOnly(value, call.Input.Value))
        {
            return null;
        }

        return new NodeEdit(written, current => GeneratedCode.Parse(dimension));
    }

    /// <summary>The clamp replaced by what it clamps, and zero_infinity: true on the functional call or the loss's only construction.</summary>
    private static ImmutableArray<NodeEdit> ZeroInfinityEdits(LossAnalysis analysis, SyntaxNode node, CancellationToken cancellationToken)
    {
        foreach (var call in ProjectScan.Create(analysis, cancellationToken).LossCalls)
        {
            if (call.Kind != Catalog.LossKind.CTC)
            {
                continue;
            }

            var clamps = Loss021CtcInput.ClampsOf(call, analysis);
            var clamp = clamps.FirstOrDefault(c => c.Syntax == node) ?? (call.Invocation.Syntax == node && clamps.Length == 1 ? clamps[0] : null);
            if (clamp is null)
            {
                continue;
            }

            // One clamp, of this call alone: zero_infinity on one call of several would leave the others' infinities in.
            if (clamps.Length != 1 || Loss021CtcInput.CallsReaching(clamp, analysis) is not { Length: 1 } reaching || reaching[0] != call.Invocation.Syntax)
            {
                return default;
            }

            var owner = call.IsFunctional ? call.Invocation.Syntax
                : call.Constructions.Length == 1 && analysis.CallsOf(call.Constructions[0].Creation) is { IsDefault: false, Length: 1 } calls && calls[0].Invocation.Syntax == call.Invocation.Syntax
                    ? call.Constructions[0].Creation.Syntax
                    : null;
            if (owner is null || ArgumentEdit.Set(analysis, owner, "zero_infinity", "true") is not { } zeroInfinity || clamp is not IInvocationOperation invocation)
            {
                return default;
            }

            // The clamp may hold the functional call: the inner edit goes first.
            var onInstance = invocation.Instance is not null;
            var unclamp = new NodeEdit(clamp.Syntax, current => Clamped((InvocationExpressionSyntax)current, onInstance) is { } clamped ? clamped.WithTriviaFrom(current) : current);
            return ImmutableArray.Create(zeroInfinity, unclamp);
        }

        return default;
    }

    /// <summary>What a clamp clamps: the receiver of <c>x.clamp(...)</c>, the first argument of <c>torch.clamp(x, ...)</c>.</summary>
    private static ExpressionSyntax? Clamped(InvocationExpressionSyntax clamp, bool onInstance) =>
        onInstance
            ? (clamp.Expression as MemberAccessExpressionSyntax)?.Expression
            : clamp.ArgumentList.Arguments.FirstOrDefault()?.Expression;
}
