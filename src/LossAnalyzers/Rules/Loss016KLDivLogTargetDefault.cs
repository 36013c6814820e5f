using System.Linq;
using LossAnalyzers.Analysis;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS016: <c>KLDivLoss</c> / <c>kl_div</c> leaves <c>log_target</c> to TorchSharp's default (true, the opposite of
/// PyTorch's) where no call shows what the target holds; where one does, LOSS015 decides.
/// </summary>
internal sealed class Loss016KLDivLogTargetDefault : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS016",
        "KLDivLoss leaves log_target to TorchSharp's default",
        "{0} leaves log_target to TorchSharp's default, true, and reads its target as log-probabilities; PyTorch's default is false (probabilities), so code ported from Python computes a wrong value without any error. No call shows what the target holds: write log_target: true if it holds log-probabilities, log_target: false if it holds probabilities.",
        DiagnosticSeverity.Info,
        "TorchSharp's KLDivLoss(bool log_target = true, ...) and kl_div(..., log_target = true, ...) default to log-probability targets, PyTorch's to probabilities. Writing the argument out says which one the code means.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override void OnLoss(LossSubject subject, LossAnalysis analysis, DiagnosticSink context)
    {
        if (subject.Kind != LossKind.KLDiv
            || OperationFacts.Argument(subject.Operation, KLDivSettings.LogTargetParameter) is not null
            || KLDivSettings.LogTarget(subject.Operation) != true
            || (subject.Calls.Any(call => KLDivSettings.TargetForms(call, analysis).Any(f => f.Form != DistributionForm.Unknown))))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Rule, subject.Location.GetLocation(), subject.Name));
    }
}
