using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>
/// One of the actions a provider offers per diagnostic, for the rules with two (LOSS016, LOSS022): the behaviour test
/// runs the program with the action it names, as a user who picks it in the IDE would.
/// </summary>
internal sealed class OneAction : CodeFixProvider
{
    private readonly CodeFixProvider provider;
    private readonly int index;

    public OneAction(CodeFixProvider provider, int index)
    {
        this.provider = provider;
        this.index = index;
    }

    public override ImmutableArray<string> FixableDiagnosticIds => provider.FixableDiagnosticIds;

    public override FixAllProvider? GetFixAllProvider() => provider.GetFixAllProvider();

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var actions = new List<(CodeAction Action, ImmutableArray<Microsoft.CodeAnalysis.Diagnostic> Diagnostics)>();
        await provider.RegisterCodeFixesAsync(new CodeFixContext(context.Document, context.Diagnostics[0], (action, diagnostics) => actions.Add((action, diagnostics)), context.CancellationToken));
        Assert.True(actions.Count > index, $"{provider.GetType().Name} registered {actions.Count} code actions; action {index} was asked for.");
        context.RegisterCodeFix(actions[index].Action, actions[index].Diagnostics);
    }
}
