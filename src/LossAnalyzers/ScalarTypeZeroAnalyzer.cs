using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LossAnalyzers.Analysis;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers;

/// <summary>
/// LOSS013: a constant 0 bound to a <c>ScalarType</c> parameter of a TorchSharp method. <c>t.sum(0)</c> means
/// "reduce dimension 0" to the reader and <c>sum(ScalarType.Byte)</c> to the compiler, found through the bound
/// symbols, never a list of method names.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ScalarTypeZeroAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS013",
        "The constant 0 binds to a ScalarType parameter",
        "'{0}' passes 0 as a ScalarType: C# converts the constant 0 to any enum, so this calls {1}({2}) with ScalarType.{3} instead of the dimension overload. {4} Write dim: 0 to reduce dimension 0.",
        DiagnosticSeverity.Warning,
        "Overload resolution prefers a candidate that needs no default arguments, and the constant 0 converts implicitly to every enum: t.sum(0) and t.prod(0) bind to sum(ScalarType? type) and prod(ScalarType? type).");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = TorchSymbols.TryCreate(start.Compilation);
            if (symbols?.ScalarType is not { } scalarType)
            {
                return;
            }

            // Positional arguments that may be a constant 0 are rare; only their method bodies get bound.
            var index = SyntaxIndex.For(start.Compilation);
            var constants = new ConstantNames(name => index.Constants(name));
            start.RegisterSemanticModelAction(context => AnalyzeTree(context, symbols, scalarType, constants));
        });
    }

    private static void AnalyzeTree(SemanticModelAnalysisContext context, TorchSymbols symbols, INamedTypeSymbol scalarType, ConstantNames constants)
    {
        var model = context.SemanticModel;
        foreach (var node in model.SyntaxTree.GetRoot(context.CancellationToken).DescendantNodes())
        {
            if (node is ArgumentSyntax { NameColon: null, RefKindKeyword.RawKind: 0 } candidate
                && candidate.Parent is ArgumentListSyntax
                && constants.MayEqual(candidate.Expression, 0)
                && ArgumentAt(model, candidate, context.CancellationToken) is { } argument)
            {
                AnalyzeArgument(argument, symbols, scalarType, new DiagnosticSink(context.ReportDiagnostic, context.CancellationToken));
            }
        }
    }

    /// <summary>
    /// The bound argument of <paramref name="syntax"/>. A parenthesized argument has no operation of its own (the
    /// argument operation sits on the inner expression), so it is looked up from the call.
    /// </summary>
    private static IArgumentOperation? ArgumentAt(SemanticModel model, ArgumentSyntax syntax, CancellationToken cancellationToken)
    {
        if (model.GetOperation(syntax, cancellationToken) is IArgumentOperation argument)
        {
            return argument;
        }

        var arguments = syntax.Parent?.Parent is { } call && model.GetOperation(call, cancellationToken) is { } operation
            ? OperationFacts.Arguments(operation)
            : ImmutableArray<IArgumentOperation>.Empty;
        return arguments.FirstOrDefault(a => a.ArgumentKind == ArgumentKind.Explicit && syntax.Span.Contains(a.Syntax.Span));
    }

    internal static void AnalyzeArgument(IArgumentOperation argument, TorchSymbols symbols, INamedTypeSymbol scalarType, DiagnosticSink context)
    {
        if (!IsZeroAsScalarType(argument, symbols, scalarType))
        {
            return;
        }

        var method = (IMethodSymbol)argument.Parameter!.ContainingSymbol;
        var dimension = HasDimensionOverload(method, argument.Parameter)
            ? "The result is one number of that type (summing 300 x 2 ones gives 88 as a Byte), not a reduction over dimension 0."
            : "The result has that element type, not what the call meant.";
        var zeroName = ZeroName(scalarType);
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            argument.Value.Syntax.GetLocation(),
            SourceText.Abbreviate(argument.Parent?.Syntax ?? argument.Syntax),
            method.Name,
            argument.Parameter.Name,
            zeroName,
            dimension));
    }

    /// <summary>An implicit conversion of an integer constant 0 (not a cast, not a ScalarType member) to ScalarType or ScalarType?.</summary>
    internal static bool IsZeroAsScalarType(IArgumentOperation argument, TorchSymbols symbols, INamedTypeSymbol scalarType)
    {
        // A named argument (type: 0) says which parameter it means; the trap is the positional 0.
        if (argument.ArgumentKind != ArgumentKind.Explicit
            || argument.Syntax is ArgumentSyntax { NameColon: not null }
            || argument.Parameter is not { } parameter
            || !IsScalarType(parameter.Type, scalarType)
            || parameter.ContainingSymbol is not IMethodSymbol method
            || !SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, symbols.Torch.ContainingAssembly))
        {
            return false;
        }

        var value = argument.Value;
        while (value is IConversionOperation { IsImplicit: true } conversion && conversion.OperatorMethod is null)
        {
            value = conversion.Operand;
        }

        // What is left must be an integer-typed constant 0: the literal, or a named constant.
        return value.Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16
                   or SpecialType.System_SByte or SpecialType.System_Byte or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64
               && value.ConstantValue is { HasValue: true, Value: { } zero }
               && System.Convert.ToDecimal(zero, System.Globalization.CultureInfo.InvariantCulture) == 0
               && value.Syntax is not CastExpressionSyntax;
    }

    /// <summary>True when the method has an overload taking a dimension (<c>dim</c>) in the same position.</summary>
    internal static bool HasDimensionOverload(IMethodSymbol method, IParameterSymbol parameter)
    {
        foreach (var member in method.ContainingType.GetMembers(method.Name))
        {
            if (member is IMethodSymbol overload
                && overload.IsStatic == method.IsStatic
                && overload.Parameters.Length > parameter.Ordinal
                && overload.Parameters[parameter.Ordinal] is { Name: "dim" } dim
                && dim.Type.SpecialType is SpecialType.System_Int64 or SpecialType.System_Int32)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsScalarType(ITypeSymbol type, INamedTypeSymbol scalarType) =>
        SymbolEqualityComparer.Default.Equals(type, scalarType)
        || (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            && SymbolEqualityComparer.Default.Equals(nullable.TypeArguments[0], scalarType));

    private static string ZeroName(INamedTypeSymbol scalarType)
    {
        foreach (var member in scalarType.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: { } value } field
                && System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return field.Name;
            }
        }

        return "0";
    }
}
