using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS016: write <c>log_target</c> out, on the construction or the functional call: <c>true</c> keeps what the code
/// does, <c>false</c> is PyTorch's meaning. Two actions, each with its own equivalence key.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss016CodeFix))]
[Shared]
public sealed class Loss016CodeFix : SolutionCodeFix
{
    private const string KeepKey = "LOSS016.LogTargetTrue";
    private const string PyTorchKey = "LOSS016.LogTargetFalse";

    public Loss016CodeFix()
        : base(
            "LOSS016",
            (KeepKey, "Write log_target: true (the target holds log-probabilities; keeps the behaviour)"),
            (PyTorchKey, "Write log_target: false (the target holds probabilities, as in PyTorch)"))
    {
    }

    private protected override Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken)
    {
        var value = equivalenceKey == PyTorchKey ? "false" : "true";
        return NodeEdits.FixAsync(
            solution,
            diagnostics,
            (analysis, _, node) => ArgumentEdit.Set(analysis, node, KLDivSettings.LogTargetParameter, value),
            cancellationToken);
    }
}
