using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Flow;

/// <summary>
/// Every definition of a field or property in the compilation: initializers, assignments anywhere
/// (constructors, methods, object initializers, other classes and files) and, for computed properties,
/// what the getter returns. Assignments are found through a name index built once per compilation, on
/// first need, then bound; so the cost stays linear in the size of the project.
/// </summary>
internal sealed class MemberDefinitions
{
    private readonly Func<SyntaxTree, SemanticModel> models;
    private readonly Func<string, IEnumerable<SyntaxNode>> writesByName;
    private readonly Func<SyntaxTree, bool> inCompilation;
    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<Definition>> cache = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ISymbol, ConstructionValues?> atConstruction = new(SymbolEqualityComparer.Default);

    public MemberDefinitions(Func<string, IEnumerable<SyntaxNode>> writes, Func<SyntaxTree, SemanticModel> models, Func<SyntaxTree, bool> inCompilation)
    {
        this.models = models;
        this.inCompilation = inCompilation;
        writesByName = writes;
    }

    /// <summary>
    /// Definitions of a source field or property; default when it is not declared in this compilation (a member of a
    /// referenced project's source is written where this compilation cannot see).
    /// </summary>
    public ImmutableArray<Definition> For(ISymbol member)
    {
        member = member.OriginalDefinition;
        if (member is not (IFieldSymbol or IPropertySymbol) || member.DeclaringSyntaxReferences.IsEmpty
            || member.DeclaringSyntaxReferences.Any(reference => !inCompilation(reference.SyntaxTree)))
        {
            return default;
        }

        return cache.GetOrAdd(member, Compute);
    }

    /// <summary>
    /// How an instance field or property gets its value on each object, where only the object's construction sets it:
    /// its declaration's initializer, assignments to it in the constructors, a positional record parameter, and object
    /// initializers (read off each creation). Null when anything else writes it (a method, other code, a compound
    /// assignment) or its getter computes it: then every object may hold any of its definitions.
    /// </summary>
    public ConstructionValues? AtConstruction(ISymbol member)
    {
        member = member.OriginalDefinition;
        if (member.IsStatic || For(member) is not { IsDefault: false } definitions)
        {
            return null;
        }

        return atConstruction.GetOrAdd(member, m => ClassifyConstruction(m, definitions));
    }

    private ConstructionValues? ClassifyConstruction(ISymbol member, ImmutableArray<Definition> definitions)
    {
        var initializers = ImmutableArray.CreateBuilder<IOperation>();
        var byConstructor = new List<(IMethodSymbol Constructor, IOperation Value, bool Unconditional)>();
        IParameterSymbol? recordParameter = null;
        foreach (var definition in definitions)
        {
            switch (definition.Node)
            {
                case EqualsValueClauseSyntax when definition.Value is { } initial:
                    initializers.Add(initial);
                    continue;
                case ParameterSyntax when RecordParameter(member) is { } parameter:
                    recordParameter = parameter;
                    continue;
                case AssignmentExpressionSyntax assignment when definition.Value is { } assigned
                                                              && models(assignment.SyntaxTree).GetOperation(assignment) is ISimpleAssignmentOperation
                                                              {
                                                                  IsRef: false,
                                                                  Target: IMemberReferenceOperation { Instance: IInstanceReferenceOperation receiver },
                                                              }:
                    if (receiver.ReferenceKind == InstanceReferenceKind.ImplicitReceiver)
                    {
                        // An object initializer: read off each creation.
                        continue;
                    }

                    if (ConstructorOf(assignment) is { } constructor)
                    {
                        var unconditional = assignment.Parent is ExpressionStatementSyntax { Parent: BlockSyntax { Parent: ConstructorDeclarationSyntax } }
                                            || assignment.Parent is ConstructorDeclarationSyntax or ArrowExpressionClauseSyntax { Parent: ConstructorDeclarationSyntax };
                        byConstructor.Add((constructor, assigned, unconditional));
                        continue;
                    }

                    return null;
                default:
                    return null;
            }
        }

        return new ConstructionValues(
            initializers.ToImmutable(),
            byConstructor.ToLookup(w => (ISymbol)w.Constructor, w => (w.Value, w.Unconditional), SymbolEqualityComparer.Default),
            recordParameter);
    }

    /// <summary>The instance constructor whose own body holds <paramref name="node"/> (not a lambda or local function in it).</summary>
    private IMethodSymbol? ConstructorOf(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return null;
                case ConstructorDeclarationSyntax constructor:
                    return models(constructor.SyntaxTree).GetDeclaredSymbol(constructor) is IMethodSymbol { IsStatic: false } symbol ? symbol.OriginalDefinition : null;
                case MemberDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The positional record property a primary-constructor parameter declares, if it is one.</summary>
    public static IPropertySymbol? RecordProperty(IParameterSymbol parameter)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Constructor, ContainingType.IsRecord: true } constructor
            || parameter.DeclaringSyntaxReferences.FirstOrDefault() is not { } declaration)
        {
            return null;
        }

        foreach (var member in constructor.ContainingType.OriginalDefinition.GetMembers(parameter.Name))
        {
            if (member is IPropertySymbol property && property.DeclaringSyntaxReferences.FirstOrDefault()?.Span == declaration.Span)
            {
                return property;
            }
        }

        return null;
    }

    /// <summary>The primary-constructor parameter behind a positional record property, if it is one.</summary>
    public static IParameterSymbol? RecordParameter(ISymbol member)
    {
        if (member is not IPropertySymbol { ContainingType.IsRecord: true } property
            || property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not ParameterSyntax)
        {
            return null;
        }

        foreach (var constructor in property.ContainingType.OriginalDefinition.InstanceConstructors)
        {
            foreach (var parameter in constructor.Parameters)
            {
                if (parameter.Name == property.Name && parameter.DeclaringSyntaxReferences.Length > 0
                    && parameter.DeclaringSyntaxReferences[0].Span == property.DeclaringSyntaxReferences[0].Span)
                {
                    return parameter;
                }
            }
        }

        return null;
    }

    private ImmutableArray<Definition> Compute(ISymbol member)
    {
        var builder = ImmutableArray.CreateBuilder<Definition>();
        var isAutoProperty = true;

        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax();
            switch (node)
            {
                case VariableDeclaratorSyntax { Initializer: { } initializer }:
                    if (models(node.SyntaxTree).GetOperation(initializer) is ISymbolInitializerOperation fieldInit)
                    {
                        builder.Add(new Definition(initializer, fieldInit.Value));
                    }

                    break;
                case PropertyDeclarationSyntax property:
                    if (property.ExpressionBody is { } arrow)
                    {
                        isAutoProperty = false;
                        AddReturns(builder, arrow);
                    }
                    else if (property.AccessorList?.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration)) is { } getter
                             && (getter.Body is not null || getter.ExpressionBody is not null))
                    {
                        isAutoProperty = false;
                        AddReturns(builder, (SyntaxNode?)getter.Body ?? getter.ExpressionBody!);
                    }
                    else if (property.Initializer is { } propertyInitializer
                             && models(node.SyntaxTree).GetOperation(propertyInitializer) is ISymbolInitializerOperation propertyInit)
                    {
                        builder.Add(new Definition(propertyInitializer, propertyInit.Value));
                    }

                    break;
                case VariableDeclaratorSyntax:
                    break;
                default:
                    // A positional record property or similar: set from outside, unknown here.
                    builder.Add(new Definition(node, null));
                    break;
            }
        }

        if (isAutoProperty)
        {
            foreach (var write in writesByName(member.Name))
            {
                AddWrite(builder, member, write);
            }
        }

        return builder.ToImmutable();
    }

    private void AddReturns(ImmutableArray<Definition>.Builder builder, SyntaxNode body)
    {
        var operation = models(body.SyntaxTree).GetOperation(body);
        if (operation is null)
        {
            builder.Add(new Definition(body, null));
            return;
        }

        foreach (var returned in ReturnedValues.Of(operation))
        {
            builder.Add(new Definition(returned.Syntax, returned));
        }
    }

    private void AddWrite(ImmutableArray<Definition>.Builder builder, ISymbol member, SyntaxNode write)
    {
        var operation = models(write.SyntaxTree).GetOperation(write);
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment when IsMember(assignment.Target, member):
                builder.Add(new Definition(write, assignment.IsRef ? null : assignment.Value));
                break;
            case ICompoundAssignmentOperation compound when IsMember(compound.Target, member):
                builder.Add(new Definition(write, null));
                break;
            case ICoalesceAssignmentOperation coalesce when IsMember(coalesce.Target, member):
                // `criterion ??= BCELoss()`: the value it had unless null, else the new one (the engine reads both).
                builder.Add(new Definition(write, coalesce));
                break;
            case IIncrementOrDecrementOperation increment when IsMember(increment.Target, member):
                builder.Add(new Definition(write, null));
                break;
            case IDeconstructionAssignmentOperation deconstruction
                when deconstruction.Target.DescendantsAndSelf().Any(o => IsMember(o, member)):
                builder.Add(new Definition(write, null));
                break;
            case IArgumentOperation argument when IsMember(argument.Value, member):
                builder.Add(new Definition(write, null));
                break;
        }
    }

    private static bool IsMember(IOperation? target, ISymbol member) => target switch
    {
        IFieldReferenceOperation field => SymbolEqualityComparer.Default.Equals(field.Field.OriginalDefinition, member),
        IPropertyReferenceOperation property => SymbolEqualityComparer.Default.Equals(property.Property.OriginalDefinition, member),
        _ => false,
    };

    /// <summary>Adds the write <paramref name="node"/> makes, if it is an assignment, a ref/out argument or an increment.</summary>
    public static void CollectWrite(SyntaxNode node, Dictionary<string, List<SyntaxNode>> index)
    {
        switch (node)
        {
            case AssignmentExpressionSyntax assignment:
                AddTargets(index, assignment.Left, assignment);
                break;
            case ArgumentSyntax { RefKindKeyword.RawKind: (int)SyntaxKind.RefKeyword or (int)SyntaxKind.OutKeyword } argument:
                AddTargets(index, argument.Expression, argument);
                break;
            case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                AddTargets(index, prefix.Operand, prefix);
                break;
            case PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression):
                AddTargets(index, postfix.Operand, postfix);
                break;
        }
    }

    private static void AddTargets(Dictionary<string, List<SyntaxNode>> index, ExpressionSyntax target, SyntaxNode write)
    {
        switch (target)
        {
            case TupleExpressionSyntax tuple:
                foreach (var argument in tuple.Arguments)
                {
                    AddTargets(index, argument.Expression, write);
                }

                return;
            case IdentifierNameSyntax identifier:
                TreeIndex.Add(index, identifier.Identifier.ValueText, write);
                return;
            case MemberAccessExpressionSyntax access:
                TreeIndex.Add(index, access.Name.Identifier.ValueText, write);
                return;
            case MemberBindingExpressionSyntax binding:
                TreeIndex.Add(index, binding.Name.Identifier.ValueText, write);
                return;
        }
    }
}

/// <summary>
/// What gives a member its value on each object when only construction sets it (see
/// <see cref="MemberDefinitions.AtConstruction"/>); object initializers are read off each creation.
/// </summary>
internal sealed class ConstructionValues
{
    public ConstructionValues(ImmutableArray<IOperation> initializers, ILookup<ISymbol, (IOperation Value, bool Unconditional)> byConstructor, IParameterSymbol? recordParameter)
    {
        Initializers = initializers;
        ByConstructor = byConstructor;
        RecordParameter = recordParameter;
    }

    /// <summary>The declaration's initializer values (they run before every constructor body).</summary>
    public ImmutableArray<IOperation> Initializers { get; }

    /// <summary>The values each instance constructor assigns, and whether the assignment runs on every path of its body.</summary>
    public ILookup<ISymbol, (IOperation Value, bool Unconditional)> ByConstructor { get; }

    /// <summary>For a positional record property: its primary-constructor parameter.</summary>
    public IParameterSymbol? RecordParameter { get; }
}
