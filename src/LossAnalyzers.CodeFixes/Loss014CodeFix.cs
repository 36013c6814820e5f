using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.CodeFixes.ActivationRemoval;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS014: softmax into KLDivLoss becomes log_softmax on the same dimension (other uses of the probabilities get
/// <c>exp()</c> back); a raw linear output gets <c>.log_softmax(-1)</c> where it is passed. One action, decided per
/// diagnostic; sigmoid inputs get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss014CodeFix))]
[Shared]
public sealed class Loss014CodeFix : SolutionCodeFix
{
    private const string Key = "LOSS014.LogProbabilities";

    public Loss014CodeFix()
        : base("LOSS014", (Key, "Give KLDivLoss log-probabilities"))
    {
    }

    private protected override string? TitleFor(Diagnostic diagnostic, string equivalenceKey) =>
        IsRawOutput(diagnostic)
            ? "Apply log_softmax(-1) to the input: KLDivLoss takes log-probabilities"
            : "Use log_softmax on the same dimension: KLDivLoss takes log-probabilities";

    private protected override async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        var raw = diagnostics.Where(IsRawOutput).ToImmutableArray();
        var softmax = diagnostics.Where(d => !IsRawOutput(d) && !LossRule.HasFixForm(d, Loss014KLDivInputNotLogProbabilities.NoFix)).ToImmutableArray();
        var changed = !softmax.IsEmpty
                      && await ActivationRemovalFix.AddAsync(editor, softmax, ActivationRemovalMode.SoftmaxIntoKLDiv, cancellationToken).ConfigureAwait(false);
        changed |= !raw.IsEmpty && await NodeEdits.AddAsync(
            editor,
            raw,
            (_, _, node) => ImmutableArray.Create(new NodeEdit(node, current => GeneratedCode.Parse($"{GeneratedCode.Receiver(current.ToString())}.log_softmax(-1)"))),
            cancellationToken).ConfigureAwait(false);
        return changed ? editor.GetChangedSolution() : null;
    }

    private static bool IsRawOutput(Diagnostic diagnostic) =>
        LossRule.HasFixForm(diagnostic, Loss014KLDivInputNotLogProbabilities.RawOutputFix);
}
