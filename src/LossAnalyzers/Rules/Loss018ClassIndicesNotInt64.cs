using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS018: the class-index target of CrossEntropyLoss / NLLLoss is an integer tensor of a type other than Int64 (or a
/// bool tensor); libtorch refuses it at the first batch. Byte is accepted by libtorch and not reported; a float target
/// (class probabilities) is not an index target at all.
/// </summary>
internal sealed class Loss018ClassIndicesNotInt64 : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS018",
        "The class-index target is not Int64",
        "The target '{0}' is {1} ({2}), but {3} takes class indices as Int64 and fails at the first batch with 'expected scalar type Long but found {4}' (in C#, torch.tensor(new int[] {{...}}) is Int32). Convert it with .to_type(ScalarType.Int64).",
        DiagnosticSeverity.Warning,
        "CrossEntropyLoss, cross_entropy, NLLLoss and nll_loss read class indices as Int64 (long); int[] data makes an Int32 tensor in TorchSharp.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink context)
    {
        if (LossCatalog.Of(call.Kind).Target != LossTarget.ClassIndices)
        {
            return;
        }

        var dtype = analysis.DtypeOf(call.Target.Value);
        if (dtype.Family is not (DtypeFamily.Integer or DtypeFamily.Bool) || dtype.ScalarType is null or "Int64" or "Byte")
        {
            return;
        }

        var target = call.Target.Value.Syntax;
        var cause = SourceText.DtypeCause(analysis, dtype, call.Target.Value);
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            target.GetLocation(),
            SourceText.Abbreviate(target),
            (dtype.ScalarType.StartsWith("Int", System.StringComparison.Ordinal) ? "an " : "a ") + dtype.ScalarType + " tensor",
            cause,
            call.Name,
            LibTorchName(dtype.ScalarType)));
    }

    /// <summary>libtorch's name of the type in its error message (<c>Int</c> for Int32).</summary>
    private static string LibTorchName(string scalarType) => scalarType switch
    {
        "Int32" => "Int",
        "Int16" => "Short",
        "Int8" => "Char",
        _ => scalarType,
    };
}
