using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>
/// One rule of <see cref="LossUsageAnalyzer"/>: its descriptor and its detector. The analyzer finds the operations a
/// rule can be about once, for every rule (see <see cref="RuleRegistry"/>), and hands each rule the ones it asks for by
/// overriding a hook; a rule that yields to another says so itself.
/// </summary>
internal abstract class LossRule
{
    public abstract DiagnosticDescriptor Descriptor { get; }

    /// <summary>Each evaluation of a classification loss, with where its input came from.</summary>
    public virtual void OnLossCall(LossCall call, TensorOrigin origin, LossAnalysis analysis, DiagnosticSink sink)
    {
    }

    /// <summary>Each loss as its construction-level rules see it (a construction with its calls, or a functional call), once.</summary>
    public virtual void OnLoss(LossSubject subject, LossAnalysis analysis, DiagnosticSink sink)
    {
    }

    /// <summary>Each invocation that is not a loss evaluation.</summary>
    public virtual void OnInvocation(IInvocationOperation invocation, LossAnalysis analysis, DiagnosticSink sink)
    {
    }

    /// <summary>Each binary operator defined by TorchSharp's tensor type.</summary>
    public virtual void OnTensorOperator(IBinaryOperation binary, LossAnalysis analysis, DiagnosticSink sink)
    {
    }

    public virtual void OnCompoundAssignment(ICompoundAssignmentOperation compound, LossAnalysis analysis, DiagnosticSink sink)
    {
    }
}
