using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

internal sealed partial class LossAnalysis
{
    /// <summary>
    /// For a loss input that is one element of a deconstructed tuple whose other element holds the activation's own
    /// input (<c>var (logits, probs) = net.forward(x)</c> where <c>forward</c> returns <c>(z, torch.sigmoid(z))</c>): the
    /// local of that other element, which holds the logits. Null when the input is not such an element, when some tuple
    /// it may come from is built otherwise, or when the sibling local is written anywhere else.
    /// </summary>
    public ILocalSymbol? TupleSibling(IOperation input, TensorOrigin origin)
    {
        if (origin.Sites.Length != 1 || origin.Sites[0] is not { Kind: SiteKind.UnwrapCall, Kept: { } kept } site
            || OperationFacts.StripConversions(input) is not ILocalReferenceOperation local
            || LocalDefinitions.Reaching(local, local.Local) is not { IsDefault: false, Length: 1 } definitions
            || definitions[0] is not { TupleSource: { } tuple, Element: var element }
            || Model(definitions[0].Node.SyntaxTree).GetOperation(definitions[0].Node) is not IDeconstructionAssignmentOperation deconstruction)
        {
            return null;
        }

        var target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
        if (target is not ITupleOperation targets)
        {
            return null;
        }

        var siblings = Flow.Sources.Answers(tuple, new TraceState(), leaf => SiblingIndex(leaf, element, site.Node, kept), tooDeep: -1);
        if (siblings.IsDefaultOrEmpty || siblings.Any(j => j != siblings[0] || j < 0 || j >= targets.Elements.Length))
        {
            return null;
        }

        var sibling = targets.Elements[siblings[0]] is IDeclarationExpressionOperation declared ? declared.Expression : targets.Elements[siblings[0]];
        return sibling is ILocalReferenceOperation { Local: var symbol }
               && LocalDefinitions.Collect(LocalDefinitions.Root(local), symbol).Length == 1
            ? symbol
            : null;
    }

    /// <summary>Which element of a tuple literal holds the activation's input, the activation being element <paramref name="element"/>; -1 when none.</summary>
    private int SiblingIndex(IOperation leaf, int element, SyntaxNode activation, SyntaxNode kept)
    {
        if (leaf is not ITupleOperation literal || element >= literal.Elements.Length
            || OperationFacts.StripConversions(literal.Elements[element])?.Syntax != activation
            || Model(kept.SyntaxTree).GetOperation(kept) is not { } keptValue
            || Variable(keptValue) is not { } variable
            || LocalDefinitions.Collect(LocalDefinitions.Root(keptValue), variable).Length > (variable is IParameterSymbol ? 0 : 1))
        {
            return -1;
        }

        for (var j = 0; j < literal.Elements.Length; j++)
        {
            if (j != element && Variable(OperationFacts.StripConversions(literal.Elements[j])) is { } other && SymbolEqualityComparer.Default.Equals(other, variable))
            {
                return j;
            }
        }

        return -1;
    }

    private static ISymbol? Variable(IOperation? operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };
}
