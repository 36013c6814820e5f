using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.Analysis;

/// <summary>
/// Which syntax nodes a loss rule can be about, decided from syntax alone. Binding a method body is most of an
/// analyzer's cost, so a body is bound only when it holds a candidate; every test here is a superset of what the
/// rules then check on the bound symbols (a loss call is a <c>forward</c>/<c>call</c> with two arguments or a
/// functional loss, a construction names a loss type, a threshold compares with something that may be 0.5, ...).
/// The names come from TorchSharp's symbols, so the filter follows the referenced version.
/// </summary>
internal sealed class CandidateSyntax
{
    private readonly HashSet<string> lossTypeNames;
    private readonly HashSet<string> lossFactoryNames;
    private readonly Lazy<HashSet<string>> aliases;

    public CandidateSyntax(Compilation compilation, TorchSymbols symbols, Func<string, IEnumerable<double?>> constants)
    {
        var lossTypes = symbols.LossTypes.Values.ToList();
        lossTypeNames = new HashSet<string>(lossTypes.Select(t => t.Name), StringComparer.Ordinal);

        // The factories in torch.nn that build a loss (nn.BCELoss(...)); looked up by the loss types' names so that
        // only those members are read from metadata.
        lossFactoryNames = new HashSet<string>(
            lossTypes.Where(t => symbols.Nn.GetMembers(t.Name).OfType<IMethodSymbol>().Any(m => SymbolEqualityComparer.Default.Equals(m.ReturnType, t)))
                .Select(t => t.Name),
            StringComparer.Ordinal);

        Constants = new ConstantNames(constants);
        aliases = new Lazy<HashSet<string>>(() => AliasNames(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public ConstantNames Constants { get; }

    /// <summary>True when a loss rule may report on <paramref name="node"/> or on the loss it builds or calls.</summary>
    public bool IsCandidate(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax invocation => IsCandidateInvocation(invocation),
        ObjectCreationExpressionSyntax creation => NamesLossType(creation.Type),
        ImplicitObjectCreationExpressionSyntax => true,
        BinaryExpressionSyntax binary => IsCandidateBinary(binary),
        AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.MultiplyAssignmentExpression } compound =>
            Unparenthesized(compound.Left) is ElementAccessExpressionSyntax,
        _ => false,
    };

    private bool IsCandidateInvocation(InvocationExpressionSyntax invocation)
    {
        var arguments = invocation.ArgumentList.Arguments;
        return InvokedName(invocation) switch
        {
            null => false,
            "forward" or "call" => arguments.Count == 2,
            "gt" or "ge" or "lt" or "le" => arguments.Count == 1 && Constants.MayEqual(arguments[0].Expression, 0.5),
            "where" => arguments.Count == 3,
            var name => LossCatalog.FunctionalNames.Contains(name) || lossFactoryNames.Contains(name),
        };
    }

    private bool IsCandidateBinary(BinaryExpressionSyntax binary) => binary.Kind() switch
    {
        SyntaxKind.GreaterThanExpression or SyntaxKind.GreaterThanOrEqualExpression
            or SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression =>
            Constants.MayEqual(binary.Left, 0.5) || Constants.MayEqual(binary.Right, 0.5),

        // The blend loss * (1 + c * target): one side is a sum.
        SyntaxKind.MultiplyExpression =>
            Uncast(binary.Left).IsKind(SyntaxKind.AddExpression) || Uncast(binary.Right).IsKind(SyntaxKind.AddExpression),
        _ => false,
    };

    private bool NamesLossType(TypeSyntax type)
    {
        var name = type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };
        return name is not null && (lossTypeNames.Contains(name) || aliases.Value.Contains(name));
    }

    /// <summary>The simple name of the method an invocation calls (<c>forward</c> in <c>model?.forward(x)</c>); null for a delegate expression.</summary>
    public static string? InvokedName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };

    private static ExpressionSyntax Unparenthesized(ExpressionSyntax expression) =>
        expression is ParenthesizedExpressionSyntax parenthesized ? Unparenthesized(parenthesized.Expression) : expression;

    private static ExpressionSyntax Uncast(ExpressionSyntax expression) => Unparenthesized(expression) switch
    {
        CastExpressionSyntax cast => Uncast(cast.Expression),
        var other => other,
    };

    private static HashSet<string> AliasNames(Compilation compilation)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var node in tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax))
            {
                if (node is UsingDirectiveSyntax { Alias: { } alias })
                {
                    names.Add(alias.Name.Identifier.ValueText);
                }
            }
        }

        return names;
    }
}
