using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

internal sealed partial class LossAnalysis
{
    private readonly ConcurrentDictionary<string, ImmutableArray<SyntaxNode>> namesInCompilation = new();

    /// <summary>
    /// The loss calls that evaluate the loss built at <paramref name="creation"/>: through the local, field or
    /// property that holds it, or in place (<c>BCELoss().forward(p, y)</c>). Default when the loss goes somewhere
    /// the calls cannot be followed (an argument, a return value).
    /// </summary>
    public ImmutableArray<LossCall> CallsOf(IOperation creation)
    {
        var current = creation;
        while (current.Parent is IConversionOperation { OperatorMethod: null } conversion)
        {
            current = conversion;
        }

        ISymbol? holder = current.Parent switch
        {
            IInvocationOperation use when use.Instance == current =>
                null,
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            IFieldInitializerOperation { InitializedFields.Length: 1 } field => field.InitializedFields[0],
            IPropertyInitializerOperation { InitializedProperties.Length: 1 } property => property.InitializedProperties[0],
            ISimpleAssignmentOperation assignment when assignment.Value == current => assignment.Target switch
            {
                ILocalReferenceOperation local => local.Local,
                IFieldReferenceOperation field => field.Field,
                IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Property,
                _ => null,
            },
            _ => null,
        };

        if (holder is null)
        {
            return current.Parent is IInvocationOperation inPlace && inPlace.Instance == current
                ? (TryGetLossCall(inPlace, out var call) ? ImmutableArray.Create(call) : ImmutableArray<LossCall>.Empty)
                : default;
        }

        var receivers = holder is ILocalSymbol
            ? LocalDefinitions.Root(creation).Descendants()
                .Where(o => o is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, holder))
            : ReferencesTo(holder);

        var calls = ImmutableArray.CreateBuilder<LossCall>();
        foreach (var receiver in receivers)
        {
            if (receiver.Parent is IInvocationOperation invocation
                && invocation.Instance == receiver
                && TryGetLossCall(invocation, out var call)
                && call.Constructions.Any(c => c.Creation.Syntax == creation.Syntax))
            {
                calls.Add(call);
            }
        }

        return calls.ToImmutable();
    }

    /// <summary>Every reference to a field or property in the compilation, found by name first and then bound.</summary>
    private IOperation[] ReferencesTo(ISymbol member)
    {
        var candidates = namesInCompilation.GetOrAdd(member.Name, name =>
            Compilation.SyntaxTrees
                .SelectMany(tree => tree.GetRoot().DescendantNodes().OfType<IdentifierNameSyntax>())
                .Where(identifier => identifier.Identifier.ValueText == name)
                .Cast<SyntaxNode>()
                .ToImmutableArray());

        return candidates
            .Select(node => Model(node.SyntaxTree).GetOperation(node.Parent is MemberAccessExpressionSyntax access && access.Name == node ? access : node))
            .OfType<IOperation>()
            .Where(operation => operation switch
            {
                IFieldReferenceOperation field => SymbolEqualityComparer.Default.Equals(field.Field.OriginalDefinition, member.OriginalDefinition),
                IPropertyReferenceOperation property => SymbolEqualityComparer.Default.Equals(property.Property.OriginalDefinition, member.OriginalDefinition),
                _ => false,
            })
            .ToArray();
    }
}
