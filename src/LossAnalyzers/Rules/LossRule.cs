using System.Collections.Immutable;
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
    /// <summary>The diagnostic property naming the form of a rule's fix, where the rewrite differs by case.</summary>
    public const string FixProperty = "Fix";

    public abstract DiagnosticDescriptor Descriptor { get; }

    /// <summary>Every descriptor the rule reports with: its main one and one per case whose message reads differently.</summary>
    public virtual ImmutableArray<DiagnosticDescriptor> AllDescriptors => ImmutableArray.Create(Descriptor);

    /// <summary>The syntax this rule can report on (see <see cref="RuleTrigger"/>); by default loss calls and constructions.</summary>
    public virtual ImmutableArray<RuleTrigger> Triggers => RuleTrigger.Losses;

    /// <summary>The properties of a diagnostic whose fix takes <paramref name="form"/>; none when <paramref name="form"/> is null.</summary>
    public static ImmutableDictionary<string, string?> FixForm(string? form) =>
        form is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(FixProperty, form);

    /// <summary>Whether <paramref name="diagnostic"/>'s fix takes <paramref name="form"/>.</summary>
    public static bool HasFixForm(Diagnostic diagnostic, string form) =>
        diagnostic.Properties.TryGetValue(FixProperty, out var value) && value == form;

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
