using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace LossAnalyzers.CodeFixes.LossConversion;

/// <summary>Plans a loss conversion per project and writes it through one <see cref="SolutionEditor"/>.</summary>
internal static class LossConversionFix
{
    public static async Task<Solution?> FixAsync(Solution solution, ImmutableArray<Diagnostic> diagnostics, LossConversionMode mode, CancellationToken cancellationToken)
    {
        var editor = new SolutionEditor(solution);
        return await AddAsync(editor, diagnostics, mode, cancellationToken).ConfigureAwait(false) ? editor.GetChangedSolution() : null;
    }

    public static async Task<bool> AddAsync(SolutionEditor editor, ImmutableArray<Diagnostic> diagnostics, LossConversionMode mode, CancellationToken cancellationToken)
    {
        var solution = editor.OriginalSolution;
        var changed = false;
        foreach (var group in DiagnosticGroups.ByProject(solution, diagnostics))
        {
            var plan = await LossConversionPlan.CreateAsync(solution, group.Project, mode, cancellationToken).ConfigureAwait(false);
            if (plan is null)
            {
                continue;
            }

            foreach (var diagnostic in group.Diagnostics)
            {
                await plan.TryAddAsync(diagnostic).ConfigureAwait(false);
            }

            if (plan.IsEmpty)
            {
                continue;
            }

            await ApplyAsync(plan, editor, cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        return changed;
    }

    public static async Task ApplyAsync(LossConversionPlan plan, SolutionEditor editor, CancellationToken cancellationToken)
    {
        foreach (var replacement in plan.Replacements)
        {
            var document = await EditorFor(editor, replacement.Key, cancellationToken).ConfigureAwait(false);
            var rewrite = replacement.Value;
            document.ReplaceNode(replacement.Key, (current, _) => rewrite(current).WithTriviaFrom(current));
        }

        if (plan.Mode.To == LossKind.BCEWithLogits)
        {
            foreach (var (call, origin) in plan.Calls.Values)
            {
                // The whole call is rewritten from its current form, so that an edit inside its input (an activation
                // removed there, or the input itself unwrapped) lands first.
                var invocation = (InvocationExpressionSyntax)call.Invocation.Syntax;
                var inputIndex = invocation.ArgumentList.Arguments.IndexOf((ArgumentSyntax)call.Input.Syntax);
                var targetIndex = invocation.ArgumentList.Arguments.IndexOf((ArgumentSyntax)call.Target.Syntax);
                var document = await EditorFor(editor, invocation, cancellationToken).ConfigureAwait(false);
                var names = new TorchNames(plan.Analysis, invocation);
                var floatType = LossConversionText.TargetFloatType(plan.Analysis, call);
                document.ReplaceNode(invocation, (current, _) =>
                {
                    var arguments = ((InvocationExpressionSyntax)current).ArgumentList.Arguments;
                    var input = arguments[inputIndex].Expression;
                    var target = arguments[targetIndex].Expression;
                    var newInput = origin.SingleLabel ? input : GeneratedCode.Parse(LossConversionText.SqueezedInput(input.ToString(), origin)).WithTriviaFrom(input);
                    var newTarget = GeneratedCode.Parse(LossConversionText.FloatTarget(target.ToString(), names, floatType)).WithTriviaFrom(target);
                    return ((InvocationExpressionSyntax)current).ReplaceNodes(new[] { input, target }, (original, _) => original == input ? newInput : newTarget);
                });
            }
        }

        foreach (var type in plan.TypeRenames)
        {
            var document = await EditorFor(editor, type, cancellationToken).ConfigureAwait(false);
            var name = type switch
            {
                QualifiedNameSyntax qualified => qualified.Right,
                SimpleNameSyntax simple => simple,
                _ => null,
            };
            if (name is not null)
            {
                document.ReplaceNode(name, SyntaxFactory.IdentifierName(plan.Mode.ModuleName).WithTriviaFrom(name));
            }
        }
    }

    private static Task<DocumentEditor> EditorFor(SolutionEditor editor, SyntaxNode node, CancellationToken cancellationToken)
    {
        var document = editor.OriginalSolution.GetDocument(node.SyntaxTree)
                       ?? throw new System.InvalidOperationException("The node is not in a document of the solution.");
        return editor.GetDocumentEditorAsync(document.Id, cancellationToken);
    }
}
