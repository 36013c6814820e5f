using System.Collections.Generic;
using System.Linq;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.CodeFixes.LossConversion;

/// <summary>
/// The new text of a converted loss construction or functional call. Built from the original arguments by
/// parameter name, so positional and named calls convert alike; null where the conversion would lose
/// something (an <c>ignore_index</c>, label smoothing, a class weight whose values are not visible).
/// </summary>
internal sealed class LossConversionText
{
    private readonly LossAnalysis analysis;
    private readonly LossConversionMode mode;

    public LossConversionText(LossAnalysis analysis, LossConversionMode mode)
    {
        this.analysis = analysis;
        this.mode = mode;
    }

    public ExpressionSyntax? Construction(LossConstruction construction)
    {
        var arguments = Converted(construction.Argument, new TorchNames(analysis, construction.Creation.Syntax));
        if (arguments is null)
        {
            return null;
        }

        return construction.Creation.Syntax switch
        {
            InvocationExpressionSyntax invocation => GeneratedCode.Parse($"{RenamedCallee(invocation.Expression, mode.ModuleName)}({string.Join(", ", arguments.Select(a => $"{a.Key}: {a.Value}"))})"),
            ObjectCreationExpressionSyntax creation => GeneratedCode.Parse($"new {RenamedCallee(creation.Type, mode.ModuleName)}({string.Join(", ", ConstructorArguments(arguments, new TorchNames(analysis, creation)))})"),
            _ => null,
        };
    }

    /// <summary>
    /// A functional call rewritten whole: <c>binary_cross_entropy_with_logits(x.squeeze(-1), y.to_type(Float32), ...)</c>.
    /// The input and target are taken from the call as it is when the edit lands, so edits inside them survive.
    /// </summary>
    public System.Func<InvocationExpressionSyntax, ExpressionSyntax>? FunctionalCall(LossCall call, TensorOrigin origin)
    {
        var names = new TorchNames(analysis, call.Invocation.Syntax);
        var arguments = Converted(name => OperationFacts.Argument(call.Invocation, name), names);
        var original = (InvocationExpressionSyntax)call.Invocation.Syntax;
        var inputIndex = call.Input.Syntax is ArgumentSyntax inputArgument ? original.ArgumentList.Arguments.IndexOf(inputArgument) : -1;
        var targetIndex = call.Target.Syntax is ArgumentSyntax targetArgument ? original.ArgumentList.Arguments.IndexOf(targetArgument) : -1;
        if (arguments is null || inputIndex < 0 || targetIndex < 0)
        {
            return null;
        }

        var callee = RenamedCallee(original.Expression, mode.FunctionalName);
        var converted = arguments.Select(a => $"{a.Key}: {a.Value}").ToList();
        var floatType = TargetFloatType(analysis, call);
        return current =>
        {
            var input = current.ArgumentList.Arguments[inputIndex].Expression.ToString();
            var target = current.ArgumentList.Arguments[targetIndex].Expression.ToString();
            if (mode.To == LossKind.BCEWithLogits)
            {
                input = SqueezedInput(input, origin);
                target = FloatTarget(target, names, floatType);
            }

            return GeneratedCode.Parse($"{callee}({string.Join(", ", new[] { input, target }.Concat(converted))})");
        };
    }

    public static string SqueezedInput(string input, TensorOrigin origin) =>
        origin.SingleLabel ? input : $"{GeneratedCode.Receiver(input)}.squeeze(-1)";

    /// <summary><c>target.to_type(ScalarType.Float32)</c>, or the input's own float type where the code shows it (a float64 model).</summary>
    public static string FloatTarget(string target, TorchNames names, string floatType) => $"{GeneratedCode.Receiver(target)}.to_type({names.ScalarType}.{floatType})";

    /// <summary>The float type a BCE target must have: the input's, where visible, else Float32.</summary>
    public static string TargetFloatType(LossAnalysis analysis, LossCall call) =>
        analysis.DtypeOf(call.Input.Value) is { Family: DtypeFamily.Floating, ScalarType: { } exact } ? exact : "Float32";

    /// <summary>The arguments of the converted loss by name, in the new loss's order; null when something would be lost.</summary>
    private List<KeyValuePair<string, string>>? Converted(System.Func<string, IArgumentOperation?> argument, TorchNames names)
    {
        var weight = Present(argument("weight"));
        var reduction = Present(argument("reduction"));
        var ignoreIndex = Present(argument("ignore_index"));
        var smoothing = argument("label_smoothing");
        var result = new List<KeyValuePair<string, string>>();

        if (mode.To == LossKind.CrossEntropy)
        {
            Add(result, "weight", weight);
            Add(result, "reduction", reduction);
            return result;
        }

        if (ignoreIndex is not null || (smoothing is not null && OperationFacts.ConstantNumber(smoothing.Value) != 0))
        {
            return null;
        }

        string? posWeights = null;
        if (weight is not null)
        {
            posWeights = PosWeightsText.FromClassWeights(analysis, weight.Value, names);
            if (posWeights is null)
            {
                return null;
            }
        }

        Add(result, "reduction", reduction);
        Add(result, "pos_weights", posWeights);
        return result;
    }

    /// <summary>The loss constructors have no defaults: every parameter is passed, in order.</summary>
    private IEnumerable<string> ConstructorArguments(List<KeyValuePair<string, string>> arguments, TorchNames names)
    {
        string? Named(string name) => arguments.FirstOrDefault(a => a.Key == name).Value;
        var reduction = Named("reduction") ?? names.Reduction + ".Mean";
        return mode.To == LossKind.BCEWithLogits
            ? new[] { "null", reduction, Named("pos_weights") ?? "null" }
            : new[] { Named("weight") ?? "null", "null", reduction, "0.0" };
    }

    private static IArgumentOperation? Present(IArgumentOperation? argument) =>
        argument is null || argument.Value.ConstantValue is { HasValue: true, Value: null } ? null : argument;

    private static void Add(List<KeyValuePair<string, string>> result, string name, IArgumentOperation? argument)
    {
        if (argument is not null)
        {
            result.Add(new KeyValuePair<string, string>(name, argument.Value.Syntax.ToString()));
        }
    }

    private static void Add(List<KeyValuePair<string, string>> result, string name, string? text)
    {
        if (text is not null)
        {
            result.Add(new KeyValuePair<string, string>(name, text));
        }
    }

    /// <summary>The callee with its last name replaced: <c>nn.CrossEntropyLoss</c> becomes <c>nn.BCEWithLogitsLoss</c>.</summary>
    private static string RenamedCallee(ExpressionSyntax callee, string name) => callee switch
    {
        MemberAccessExpressionSyntax access => $"{access.Expression}.{name}",
        QualifiedNameSyntax qualified => $"{qualified.Left}.{name}",
        _ => name,
    };
}
