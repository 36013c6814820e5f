using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Flow;

/// <summary>
/// Which definitions of a local or parameter can reach one of its uses. A conservative, syntax-guided
/// reaching-definitions analysis: the latest definition that runs unconditionally before the use (in an
/// enclosing statement list) hides the earlier ones; definitions that may or may not run in between,
/// definitions carried around an enclosing loop, and definitions inside lambdas or local functions all
/// stay candidates. Callers require the candidates to agree, so an extra candidate only makes a result
/// unknown, never wrong.
/// </summary>
internal static class LocalDefinitions
{
    /// <summary>
    /// The definitions that may give <paramref name="reference"/> its value, or default when one of them
    /// is the unknown incoming value of a parameter.
    /// </summary>
    public static ImmutableArray<Definition> Reaching(IOperation reference, ISymbol local)
    {
        var definitions = Reaching(reference, local, out var incoming);
        return incoming ? default : definitions;
    }

    /// <summary>
    /// The definitions in the body that may give <paramref name="reference"/> its value; <paramref name="incoming"/>
    /// tells whether the value the caller passed in (of a parameter) may reach it as well.
    /// </summary>
    public static ImmutableArray<Definition> Reaching(IOperation reference, ISymbol local, out bool incoming)
    {
        var root = Root(reference);
        var all = Collect(root, local);
        var use = reference.Syntax;
        incoming = false;

        if (UsedInDeferredCode(use, local))
        {
            // A lambda or local function may run after any later assignment: every definition may reach it.
            incoming = local is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: not (MethodKind.AnonymousFunction or MethodKind.LocalFunction) } };
            return all;
        }

        Definition? dominator = null;
        var maybe = new List<Definition>();
        var loopCarried = new List<(Definition Definition, SyntaxNode Loop)>();
        var deferred = new List<Definition>();

        foreach (var definition in all)
        {
            var node = definition.Node;
            if (InDeferredCode(node, use))
            {
                deferred.Add(definition);
            }
            else if (node.Span.End <= use.SpanStart)
            {
                if (Dominates(node, use))
                {
                    if (dominator is null || dominator.Value.Node.SpanStart < node.SpanStart)
                    {
                        dominator = definition;
                    }
                }
                else
                {
                    maybe.Add(definition);
                }
            }
            else if (SharedLoop(node, use) is { } loop)
            {
                loopCarried.Add((definition, loop));
            }
        }

        var result = ImmutableArray.CreateBuilder<Definition>();
        if (dominator is { } dom)
        {
            result.Add(dom);
            foreach (var definition in maybe)
            {
                if (definition.Node.SpanStart > dom.Node.SpanStart)
                {
                    result.Add(definition);
                }
            }

            foreach (var (definition, loop) in loopCarried)
            {
                if (!loop.Span.Contains(dom.Node.Span))
                {
                    result.Add(definition);
                }
            }
        }
        else
        {
            // The value the caller passed in may reach the use.
            incoming = local is IParameterSymbol;
            result.AddRange(maybe);
            foreach (var (definition, _) in loopCarried)
            {
                result.Add(definition);
            }
        }

        result.AddRange(deferred);
        return result.ToImmutable();
    }

    /// <summary>The outermost operation of the body the reference belongs to (method, accessor, initializer).</summary>
    public static IOperation Root(IOperation operation)
    {
        var current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>All definitions of <paramref name="local"/> in the body <paramref name="root"/>, in source order.</summary>
    public static ImmutableArray<Definition> Collect(IOperation root, ISymbol local)
    {
        var builder = ImmutableArray.CreateBuilder<Definition>();
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    var initializer = declarator.GetVariableInitializer();
                    if (initializer is not null)
                    {
                        builder.Add(new Definition(declarator.Syntax, initializer.Value));
                    }
                    else if (declarator.Parent is not IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation })
                    {
                        // A foreach variable, catch variable or similar: assigned by the language, unknown here.
                        builder.Add(new Definition(declarator.Syntax, null));
                    }

                    break;
                case ISimpleAssignmentOperation assignment when Refers(assignment.Target, local):
                    builder.Add(new Definition(assignment.Syntax, assignment.IsRef ? null : assignment.Value));
                    break;
                case ICompoundAssignmentOperation compound when Refers(compound.Target, local):
                    builder.Add(new Definition(compound.Syntax, null));
                    break;
                case ICoalesceAssignmentOperation coalesce when Refers(coalesce.Target, local):
                    // `loss ??= BCELoss()`: the value it had unless null, else the new one (the engine reads both).
                    builder.Add(new Definition(coalesce.Syntax, coalesce));
                    break;
                case IIncrementOrDecrementOperation increment when Refers(increment.Target, local):
                    builder.Add(new Definition(increment.Syntax, null));
                    break;
                case IDeconstructionAssignmentOperation deconstruction when Mentions(deconstruction.Target, local):
                    builder.Add(ElementOf(deconstruction, local) is { } element
                        ? new Definition(deconstruction.Syntax, deconstruction.Value, element)
                        : new Definition(deconstruction.Syntax, null));
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument when Refers(argument.Value, local):
                    builder.Add(new Definition(argument.Syntax, null));
                    break;
                case IDeclarationExpressionOperation declaration when declaration.Parent is not IDeconstructionAssignmentOperation && Mentions(declaration.Expression, local):
                    // `out var x` and the like; `var (a, b) = ...` is the deconstruction's definition, above.
                    builder.Add(new Definition(declaration.Syntax, null));
                    break;
                case IDeclarationPatternOperation pattern when SymbolEqualityComparer.Default.Equals(pattern.DeclaredSymbol, local):
                    builder.Add(new Definition(pattern.Syntax, null));
                    break;
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Which element of a flat deconstruction (<c>var (a, b) = ...</c>, <c>(a, b) = ...</c>) is <paramref name="local"/>.</summary>
    private static int? ElementOf(IDeconstructionAssignmentOperation deconstruction, ISymbol local)
    {
        var target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
        if (target is not ITupleOperation tuple)
        {
            return null;
        }

        for (var i = 0; i < tuple.Elements.Length; i++)
        {
            var element = tuple.Elements[i] is IDeclarationExpressionOperation declared ? declared.Expression : tuple.Elements[i];
            if (Refers(element, local) || element is ILocalReferenceOperation { IsDeclaration: true } declaredLocal && SymbolEqualityComparer.Default.Equals(declaredLocal.Local, local))
            {
                return i;
            }
        }

        return null;
    }

    private static bool Refers(IOperation? target, ISymbol local) => target switch
    {
        ILocalReferenceOperation l => SymbolEqualityComparer.Default.Equals(l.Local, local),
        IParameterReferenceOperation p => SymbolEqualityComparer.Default.Equals(p.Parameter, local),
        _ => false,
    };

    private static bool Mentions(IOperation target, ISymbol local)
    {
        foreach (var operation in target.DescendantsAndSelf())
        {
            if (Refers(operation, local))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the use sits in a lambda or local function and the variable comes from outside it.</summary>
    private static bool UsedInDeferredCode(SyntaxNode use, ISymbol local)
    {
        var references = local.DeclaringSyntaxReferences;
        for (var node = use.Parent; node is not null; node = node.Parent)
        {
            if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                if (references.Length == 0
                    || references[0].SyntaxTree != node.SyntaxTree
                    || !node.Span.Contains(references[0].Span))
                {
                    return true;
                }
            }

            if (node is MemberDeclarationSyntax)
            {
                break;
            }
        }

        return false;
    }

    /// <summary>True when the definition sits in a lambda or local function that does not also hold the use.</summary>
    private static bool InDeferredCode(SyntaxNode definition, SyntaxNode use)
    {
        for (var node = definition.Parent; node is not null; node = node.Parent)
        {
            if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return !node.Span.Contains(use.Span);
            }

            if (node is MemberDeclarationSyntax or GlobalStatementSyntax)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the definition runs unconditionally before the use: it is not inside a conditional part
    /// of an expression, and its statement comes earlier in a statement list that also holds the use.
    /// </summary>
    private static bool Dominates(SyntaxNode definition, SyntaxNode use)
    {
        SyntaxNode? statement = null;
        var child = definition;
        for (var node = definition.Parent; node is not null; child = node, node = node.Parent)
        {
            if (IsConditionalPart(node, child))
            {
                return false;
            }

            if (node is StatementSyntax)
            {
                statement = node.Parent is GlobalStatementSyntax global ? global : node;
                break;
            }
        }

        if (statement?.Parent is not (BlockSyntax or SwitchSectionSyntax or CompilationUnitSyntax))
        {
            return false;
        }

        for (var node = use; node is not null; node = node.Parent)
        {
            if (node.Parent == statement.Parent)
            {
                return node != statement && node.SpanStart > statement.SpanStart;
            }
        }

        return false;
    }

    private static bool IsConditionalPart(SyntaxNode parent, SyntaxNode child) => parent switch
    {
        ConditionalExpressionSyntax conditional => child != conditional.Condition,
        BinaryExpressionSyntax binary => binary.Right == child
            && (binary.IsKind(SyntaxKind.LogicalAndExpression)
                || binary.IsKind(SyntaxKind.LogicalOrExpression)
                || binary.IsKind(SyntaxKind.CoalesceExpression)),
        AssignmentExpressionSyntax assignment => assignment.IsKind(SyntaxKind.CoalesceAssignmentExpression) && assignment.Right == child,
        ConditionalAccessExpressionSyntax access => access.WhenNotNull == child,
        SwitchExpressionArmSyntax => true,
        SwitchExpressionSyntax switchExpression => child != switchExpression.GoverningExpression,
        AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax => true,
        _ => false,
    };

    /// <summary>The innermost loop that holds both nodes, if any: a definition after the use may reach it around that loop.</summary>
    private static SyntaxNode? SharedLoop(SyntaxNode definition, SyntaxNode use)
    {
        for (var node = use.Parent; node is not null; node = node.Parent)
        {
            if (node is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax
                && node.Span.Contains(definition.Span))
            {
                return node;
            }

            if (node is MemberDeclarationSyntax)
            {
                break;
            }
        }

        return null;
    }
}
