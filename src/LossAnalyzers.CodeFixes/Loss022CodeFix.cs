using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// LOSS022: write the parameter left to TorchSharp's default out, on the construction or the functional call: PyTorch's
/// value (the loss the ported code meant) or TorchSharp's (keeps the behaviour). Two actions, each with its own key; the
/// parameter and both values come from the diagnostic.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(Loss022CodeFix))]
[Shared]
public sealed class Loss022CodeFix : SolutionCodeFix
{
    private const string PyTorchKey = "LOSS022.PyTorchDefault";
    private const string KeepKey = "LOSS022.TorchSharpDefault";

    public Loss022CodeFix()
        : base(
            "LOSS022",
            (PyTorchKey, "Write PyTorch's default out"),
            (KeepKey, "Write TorchSharp's default out (keeps the behaviour)"))
    {
    }

    private protected override string? TitleFor(Diagnostic diagnostic, string equivalenceKey) =>
        diagnostic.Properties.TryGetValue(Loss022TorchSharpDefault.ParameterProperty, out var parameter)
        && diagnostic.Properties.TryGetValue(equivalenceKey == PyTorchKey ? Loss022TorchSharpDefault.PyTorchProperty : Loss022TorchSharpDefault.TorchSharpProperty, out var value)
            ? equivalenceKey == PyTorchKey ? $"Write {parameter}: {value} (PyTorch's default)" : $"Write {parameter}: {value} (keeps the behaviour)"
            : null;

    private protected override Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, string? equivalenceKey, CancellationToken cancellationToken) =>
        NodeEdits.FixAsync(
            solution,
            diagnostics,
            (analysis, diagnostic, node) =>
                diagnostic.Properties.TryGetValue(Loss022TorchSharpDefault.ParameterProperty, out var parameter) && parameter is not null
                && diagnostic.Properties.TryGetValue(equivalenceKey == PyTorchKey ? Loss022TorchSharpDefault.PyTorchProperty : Loss022TorchSharpDefault.TorchSharpProperty, out var value) && value is not null
                    ? ArgumentEdit.Set(analysis, node, parameter, value)
                    : null,
            cancellationToken);
}
