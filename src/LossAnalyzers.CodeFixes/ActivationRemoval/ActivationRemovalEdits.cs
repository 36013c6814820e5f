using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace LossAnalyzers.CodeFixes.ActivationRemoval;

/// <summary>
/// Writes an <see cref="ActivationRemovalPlan"/> into the solution through one editor, so that edits in several
/// documents, and nested edits in one, all land (BatchFixer would drop overlapping ones).
/// </summary>
internal static class ActivationRemovalEdits
{
    public static async Task ApplyAsync(ActivationRemovalPlan plan, SolutionEditor editor, CancellationToken cancellationToken)
    {
        foreach (var site in plan.Sites)
        {
            var documentEditor = await EditorFor(editor, site.Node, cancellationToken).ConfigureAwait(false);
            if (plan.Mode.ReplaceWithLogSoftmax)
            {
                ReplaceWithLogSoftmax(documentEditor, site);
            }
            else if (site.Kind == SiteKind.SequentialElement)
            {
                documentEditor.RemoveNode(site.Node, SyntaxRemoveOptions.KeepNoTrivia);
            }
            else if (site.Kind == SiteKind.Sibling)
            {
                var sibling = site.Kept is SingleVariableDesignationSyntax designation ? designation.Identifier.ValueText : site.Kept!.ToString();
                documentEditor.ReplaceNode(site.Node, (current, _) => SyntaxFactory.IdentifierName(sibling).WithTriviaFrom(current));
            }
            else if (IsSelfAssignment(site))
            {
                // `x = torch.sigmoid(x);` unwrapped would be `x = x;`: the statement goes.
                documentEditor.RemoveNode(site.Node.Parent!.Parent!, SyntaxRemoveOptions.KeepNoTrivia);
            }
            else
            {
                var extract = Extractor((InvocationExpressionSyntax)site.Node, site.Kept!);
                documentEditor.ReplaceNode(site.Node, (current, _) => Parenthesize(extract((InvocationExpressionSyntax)current)).WithTriviaFrom(current));
            }
        }

        foreach (var use in plan.Wraps)
        {
            var documentEditor = await EditorFor(editor, use.Key, cancellationToken).ConfigureAwait(false);
            var torch = GeneratedCode.Parse(new TorchNames(plan.Analysis, use.Key).Torch);
            var site = use.Value;
            documentEditor.ReplaceNode(use.Key, (current, _) => plan.Mode.ReplaceWithLogSoftmax
                ? TorchCall(torch, "exp", (ExpressionSyntax)current)
                : site.Activation == OriginKind.SoftmaxProbabilities
                    ? MethodCall((ExpressionSyntax)current, "softmax", (ExpressionSyntax)site.Dimension!)
                : site.Activation == OriginKind.LogProbabilities
                    ? MethodCall((ExpressionSyntax)current, "log_softmax", (ExpressionSyntax)site.Dimension!)
                    : TorchCall(torch, "sigmoid", (ExpressionSyntax)current));
        }

        if (plan.Mode.ConvertTo is not { } target)
        {
            return;
        }

        var moduleName = LossCatalog.Of(target).ModuleName;
        var functionalName = LossCatalog.Of(target).Name(functional: true);
        foreach (var call in plan.FunctionalRenames)
        {
            var documentEditor = await EditorFor(editor, call, cancellationToken).ConfigureAwait(false);
            Rename(documentEditor, NameOf(((InvocationExpressionSyntax)call).Expression), functionalName);
        }

        foreach (var creation in plan.ConstructionRenames)
        {
            var documentEditor = await EditorFor(editor, creation, cancellationToken).ConfigureAwait(false);
            switch (creation)
            {
                case InvocationExpressionSyntax invocation:
                    Rename(documentEditor, NameOf(invocation.Expression), moduleName);
                    break;
                case ObjectCreationExpressionSyntax objectCreation:
                    Rename(documentEditor, NameOf(objectCreation.Type), moduleName);
                    AddPosWeightsArgument(documentEditor, objectCreation);
                    break;
            }
        }

        foreach (var type in plan.TypeRenames)
        {
            var documentEditor = await EditorFor(editor, type, cancellationToken).ConfigureAwait(false);
            Rename(documentEditor, NameOf((ExpressionSyntax)type), moduleName);
        }
    }

    private static bool IsSelfAssignment(ActivationSite site) =>
        site.Node.Parent is AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax { Parent: BlockSyntax } } assignment
        && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
        && assignment.Right == site.Node
        && assignment.Left is IdentifierNameSyntax target
        && site.Kept is IdentifierNameSyntax kept
        && target.Identifier.ValueText == kept.Identifier.ValueText;

    /// <summary>
    /// <c>torch.softmax(x, d)</c>, <c>x.softmax(d)</c>, <c>sm.forward(x)</c> become <c>x.log_softmax(d)</c>;
    /// a Sequential's <c>Softmax(d)</c> becomes <c>LogSoftmax(d)</c>.
    /// </summary>
    private static void ReplaceWithLogSoftmax(DocumentEditor editor, ActivationSite site)
    {
        if (site.Kind == SiteKind.SequentialElement)
        {
            var softmax = site.Node.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>().Last();
            Rename(editor, NameOf(softmax.Expression), "LogSoftmax");
            return;
        }

        var extract = Extractor((InvocationExpressionSyntax)site.Node, site.Kept!);
        editor.ReplaceNode(site.Node, (current, _) =>
            MethodCall(extract((InvocationExpressionSyntax)current), "log_softmax", (ExpressionSyntax)site.Dimension!).WithTriviaFrom(current));
    }

    /// <summary><c>expression.name(arguments)</c>; the tensor method forms take a <c>long</c> dim, as the modules do.</summary>
    private static ExpressionSyntax MethodCall(ExpressionSyntax expression, string name, params ExpressionSyntax[] arguments) =>
        SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Parenthesize(expression), SyntaxFactory.IdentifierName(name)),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments.Select(a => SyntaxFactory.Argument(a.WithoutTrivia())))))
            .WithTriviaFrom(expression);

    private static Task<DocumentEditor> EditorFor(SolutionEditor editor, SyntaxNode node, CancellationToken cancellationToken)
    {
        var document = editor.OriginalSolution.GetDocument(node.SyntaxTree)
                       ?? throw new System.InvalidOperationException("The node is not in a document of the solution.");
        return editor.GetDocumentEditorAsync(document.Id, cancellationToken);
    }

    /// <summary>How to find the kept operand (an argument or the receiver) in the current version of the call.</summary>
    private static System.Func<InvocationExpressionSyntax, ExpressionSyntax> Extractor(InvocationExpressionSyntax call, SyntaxNode kept)
    {
        if (kept.Parent is ArgumentSyntax argument && argument.Parent == call.ArgumentList)
        {
            var index = call.ArgumentList.Arguments.IndexOf(argument);
            return current => current.ArgumentList.Arguments[index].Expression;
        }

        return current => ((MemberAccessExpressionSyntax)current.Expression).Expression;
    }

    /// <summary>Keeps the meaning of an unwrapped operand in its new place; the simplifier drops parentheses that are not needed.</summary>
    private static ExpressionSyntax Parenthesize(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            or LiteralExpressionSyntax or ThisExpressionSyntax => expression.WithoutTrivia(),
        ParenthesizedExpressionSyntax parenthesized => parenthesized.WithoutTrivia().WithAdditionalAnnotations(Simplifier.Annotation),
        _ => SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia()).WithAdditionalAnnotations(Simplifier.Annotation),
    };

    /// <summary><c>torch.name(expression, extra...)</c>, keeping the expression's trivia outside.</summary>
    private static ExpressionSyntax TorchCall(ExpressionSyntax torch, string name, ExpressionSyntax expression, params ExpressionSyntax[] extra) =>
        SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, torch, SyntaxFactory.IdentifierName(name)),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(
                    new[] { SyntaxFactory.Argument(expression.WithoutTrivia()) }
                        .Concat(extra.Select(e => SyntaxFactory.Argument(e.WithoutTrivia()))))))
            .WithTriviaFrom(expression);

    private static SimpleNameSyntax NameOf(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax access => access.Name,
        QualifiedNameSyntax qualified => qualified.Right,
        AliasQualifiedNameSyntax alias => alias.Name,
        SimpleNameSyntax simple => simple,
        _ => throw new System.InvalidOperationException("Unexpected name form: " + expression.Kind()),
    };

    private static void Rename(DocumentEditor editor, SimpleNameSyntax name, string newName) =>
        editor.ReplaceNode(name, (current, _) => SyntaxFactory.IdentifierName(newName).WithTriviaFrom(current));

    /// <summary><c>new BCEWithLogitsLoss(...)</c> has no defaults: pass <c>null</c> for <c>pos_weights</c> when it is missing.</summary>
    private static void AddPosWeightsArgument(DocumentEditor editor, ObjectCreationExpressionSyntax creation)
    {
        var arguments = creation.ArgumentList?.Arguments ?? default;
        if (arguments.Any(a => a.NameColon?.Name.Identifier.ValueText == "pos_weights") || arguments.Count >= 3)
        {
            return;
        }

        var named = arguments.Any(a => a.NameColon is not null);
        var argument = named
            ? SyntaxFactory.Argument(SyntaxFactory.NameColon("pos_weights"), default, SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression))
            : SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression));
        if (creation.ArgumentList is { } list)
        {
            editor.ReplaceNode(list, (current, _) => ((ArgumentListSyntax)current).AddArguments(argument));
        }
    }
}
