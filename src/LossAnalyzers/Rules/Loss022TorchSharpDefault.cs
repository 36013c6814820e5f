using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS022 (Info): a loss parameter left to a TorchSharp default that differs from PyTorch's and from another TorchSharp
/// form of the same loss (<c>new HingeEmbeddingLoss()</c> and <c>hinge_embedding_loss</c>: margin 0, where PyTorch and
/// <c>nn.HingeEmbeddingLoss()</c> use 1; <c>GaussianNLLLoss()</c>: eps 1e-8, where PyTorch and <c>gaussian_nll_loss</c> use
/// 1e-6). TorchSharp's defaults are read from the parameter symbols of the form that is called, so a TorchSharp that
/// agrees with PyTorch stops the finding.
/// </summary>
internal sealed class Loss022TorchSharpDefault : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS022",
        "A TorchSharp default differs from PyTorch's",
        "{0} leaves {1} to its default here, {2}, but PyTorch and TorchSharp's {3} use {4}, so code ported from Python computes another loss without any error. Write {1}: {4} for PyTorch's loss, or {1}: {2} to keep this one.",
        DiagnosticSeverity.Info,
        "Some TorchSharp loss forms default a parameter to another value than PyTorch does, and than another TorchSharp form of the same loss: new HingeEmbeddingLoss() and hinge_embedding_loss use margin 0 (PyTorch and nn.HingeEmbeddingLoss(): 1); GaussianNLLLoss() uses eps 1e-8 (PyTorch and gaussian_nll_loss: 1e-6). Writing the argument out says which one the code means.");

    /// <summary>The diagnostic properties the fix writes: the parameter, PyTorch's value and TorchSharp's, as C# literals.</summary>
    public const string ParameterProperty = "Parameter";

    public const string PyTorchProperty = "PyTorch";

    public const string TorchSharpProperty = "TorchSharp";

    public override DiagnosticDescriptor Descriptor => Rule;

    public override void OnLoss(LossSubject subject, LossAnalysis analysis, DiagnosticSink context)
    {
        var definition = LossCatalog.Of(subject.Kind);
        foreach (var pyTorch in definition.PyTorchDefaults)
        {
            if (DefaultLeft(subject.Operation, pyTorch.Parameter) is not { } parameter
                || Number(parameter.ExplicitDefaultValue) is not { } torchSharp
                || Same(torchSharp, pyTorch.Value)
                || OtherForm(analysis, definition, pyTorch) is not { } other)
            {
                continue;
            }

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(ParameterProperty, pyTorch.Parameter)
                .Add(PyTorchProperty, Literal(pyTorch.Value, parameter.Type))
                .Add(TorchSharpProperty, Literal(torchSharp, parameter.Type));
            context.ReportDiagnostic(Diagnostic.Create(
                Rule,
                subject.Location.GetLocation(),
                properties,
                subject.Operation switch
                {
                    IObjectCreationOperation => $"new {definition.ModuleName}()",
                    IInvocationOperation { Instance: null } call when call.TargetMethod.Name == definition.ModuleName => $"{definition.ModuleName}()",
                    _ => subject.Name,
                },
                pyTorch.Parameter,
                properties[TorchSharpProperty],
                other,
                properties[PyTorchProperty]));
        }
    }

    /// <summary>The parameter <paramref name="name"/> of the construction or call, when no argument is written for it and it has a default.</summary>
    private static IParameterSymbol? DefaultLeft(IOperation callOrCreation, string name) =>
        OperationFacts.Argument(callOrCreation, name) is null && LossSettings.Parameter(callOrCreation, name) is { HasExplicitDefaultValue: true } parameter
            ? parameter
            : null;

    /// <summary>
    /// Another TorchSharp form of the loss (the <c>nn</c> factory, the constructor, the function) whose default for the
    /// parameter is PyTorch's, named as the user would write it; null when none is (then the difference is PyTorch's
    /// alone, which this rule does not report).
    /// </summary>
    private static string? OtherForm(LossAnalysis analysis, LossDefinition definition, PyTorchDefault pyTorch)
    {
        var symbols = analysis.Symbols;
        var forms = new (string Name, IMethodSymbol? Method)[]
        {
            ($"nn.{definition.ModuleName}()", symbols.Nn.GetMembers(definition.ModuleName).OfType<IMethodSymbol>().FirstOrDefault()),
            ($"new {definition.ModuleName}()", symbols.LossType(definition.Kind)?.InstanceConstructors.FirstOrDefault(c => c.DeclaredAccessibility == Accessibility.Public)),
            (definition.FunctionalName ?? "", definition.FunctionalName is { } function ? symbols.Functional?.GetMembers(function).OfType<IMethodSymbol>().FirstOrDefault() : null),
        };
        foreach (var (name, method) in forms)
        {
            if (method?.Parameters.FirstOrDefault(p => p.Name == pyTorch.Parameter) is { HasExplicitDefaultValue: true } parameter
                && Number(parameter.ExplicitDefaultValue) is { } value && Same(value, pyTorch.Value))
            {
                return name;
            }
        }

        return null;
    }

    private static double? Number(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        _ => null,
    };

    /// <summary>Equal as the parameter's own type holds them (a float eps of 1e-6 is not exactly the double 1e-6).</summary>
    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-6 * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>A C# literal of the parameter's type: <c>1.0</c>, <c>1E-06f</c>.</summary>
    private static string Literal(double value, ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_Single
            ? ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f"
            : value.ToString("R", CultureInfo.InvariantCulture) is var text && text.IndexOfAny(new[] { '.', 'E' }) >= 0 ? text : text + ".0";
}
