using System.Linq;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

internal sealed partial class LossAnalysis
{
    /// <summary>How many callers up a gradient-free region is looked for: an evaluation helper called under <c>no_grad</c>.</summary>
    private const int GradientModeCallers = 2;

    /// <summary>
    /// Whether autograd may be off where <paramref name="operation"/> runs: inside <c>using (torch.no_grad())</c> (or
    /// <c>inference_mode()</c>, <c>set_grad_enabled(false)</c>, <c>enable_grad(false)</c>), after a <c>using var</c> of one
    /// or a bare <c>set_grad_enabled(false)</c> earlier in an enclosing block, or in a method one of whose callers runs
    /// so. Errs towards "off": a rule about graphs kept alive stays silent where they may not exist.
    /// </summary>
    public bool GradientsMayBeOff(IOperation operation) => GradientsMayBeOff(operation, GradientModeCallers);

    private bool GradientsMayBeOff(IOperation operation, int callers)
    {
        for (IOperation? child = operation, parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IUsingOperation @using when @using.Resources != child && TurnsGradientsOff(@using.Resources):
                    return true;
                case IBlockOperation block:
                    foreach (var statement in block.Operations.TakeWhile(s => s != child))
                    {
                        if (statement is IUsingDeclarationOperation declaration && TurnsGradientsOff(declaration.DeclarationGroup)
                            || statement is IExpressionStatementOperation { Operation: IInvocationOperation call } && TurnsGradientsOff(call))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        if (callers == 0 || operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) is not IMethodSymbol method)
        {
            return false;
        }

        return Flow.References.CallSitesOf(method) is { } sites && sites.Any(site => GradientsMayBeOff(site, callers - 1));
    }

    /// <summary>A <c>torch</c> call in <paramref name="resources"/> that turns autograd off (its flag not visibly <c>true</c>).</summary>
    private bool TurnsGradientsOff(IOperation resources) =>
        resources.DescendantsAndSelf().OfType<IInvocationOperation>().Any(call =>
            SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, Symbols.Torch)
            && call.TargetMethod.Name switch
            {
                "no_grad" => true,
                "inference_mode" => !(call.Arguments.FirstOrDefault() is { ArgumentKind: not ArgumentKind.DefaultValue } mode && OperationFacts.Constant(mode.Value) is false),
                "set_grad_enabled" or "enable_grad" =>
                    call.Arguments.FirstOrDefault() is { ArgumentKind: not ArgumentKind.DefaultValue } flag && OperationFacts.Constant(flag.Value) is not true,
                _ => false,
            });
}
