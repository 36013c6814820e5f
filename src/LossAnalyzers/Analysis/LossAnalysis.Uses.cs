using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Catalog;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

internal sealed partial class LossAnalysis
{
    /// <summary>
    /// The loss calls that evaluate the loss built at <paramref name="creation"/>. Empty when the loss is never called;
    /// default when it also goes where its calls cannot be followed (code outside the compilation, a collection, a
    /// lambda's result). See <see cref="UsesOf"/>.
    /// </summary>
    public ImmutableArray<LossCall> CallsOf(IOperation creation) => UsesOf(creation) is { Escapes: false } uses ? uses.Calls : default;

    /// <summary>
    /// Where the loss built at <paramref name="creation"/> goes, asked of the value-flow engine's forward half: the
    /// <c>forward</c>/<c>call</c> invocations it reaches (through variables, members, objects, tuples, parameters,
    /// returns, choices, <c>??=</c> and <c>.to(device)</c>-style moves), and whether it also leaves what can be seen.
    /// </summary>
    public LossUses UsesOf(IOperation creation) => lossUses.Get(creation, _ => FindUses(creation));

    private LossUses FindUses(IOperation creation)
    {
        if (ConstructionAt(creation) is not { } construction)
        {
            return new LossUses(ImmutableArray<LossCall>.Empty, escapes: true);
        }

        var found = Flow.Uses.Find(creation, LossUse);
        var calls = ImmutableArray.CreateBuilder<LossCall>(found.Sinks.Length);
        foreach (var receiver in found.Sinks)
        {
            var use = (IInvocationOperation)receiver.Parent!;
            var targetIndex = System.Math.Min(LossCatalog.Of(construction.Kind).TargetIndex, use.Arguments.Length - 1);
            calls.Add(TryGetLossCall(use, out var recognised) && recognised.Constructions.Any(c => c.Creation.Syntax == creation.Syntax)
                ? recognised
                : new LossCall(construction.Kind, use, use.Arguments[0], use.Arguments[targetIndex], ImmutableArray.Create(construction)));
        }

        // In source order, so that a message naming "the first" call names the same one every time.
        var ordered = calls.OrderBy(c => c.Invocation.Syntax.SyntaxTree.FilePath, System.StringComparer.Ordinal).ThenBy(c => c.Invocation.Syntax.SpanStart).ToImmutableArray();
        return new LossUses(ordered, found.Escapes, found.Holders);
    }

    /// <summary>
    /// Whether the value computed at <paramref name="value"/> goes to <paramref name="input"/> and nowhere else, through
    /// what only carries it: a fix may then change the value itself without changing anything else.
    /// </summary>
    public bool ReachesOnly(IOperation value, IOperation input)
    {
        var target = OperationFacts.StripConversions(input)!.Syntax;
        var found = Flow.Uses.Find(value, use => use.Occurrence.Syntax == target ? UseVerdict.Sink : UseVerdict.Carry);
        return !found.Escapes && !found.Sinks.IsEmpty && found.Sinks.All(sink => sink.Syntax == target);
    }

    /// <summary>What a use of a loss module is: an evaluation, a move that returns it, or a member that does not evaluate it.</summary>
    private UseVerdict LossUse(ValueUse use)
    {
        var occurrence = use.Occurrence;
        switch (occurrence.Parent)
        {
            case IInvocationOperation call when call.Instance == occurrence:
                if (call.TargetMethod.Name is "forward" or "call" && call.Arguments.Length >= 2)
                {
                    return UseVerdict.Sink;
                }

                if (IsModuleMove(call, out _))
                {
                    return UseVerdict.Same;
                }

                // Dispose, train, eval, parameters: they do not evaluate the loss.
                return call.TargetMethod.DeclaringSyntaxReferences.IsEmpty ? UseVerdict.Ignore : UseVerdict.Carry;
            case IArgumentOperation { Parent: IInvocationOperation move } when IsModuleMove(move, out var moved) && moved == occurrence:
                return UseVerdict.Same;
            default:
                return UseVerdict.Carry;
        }
    }
}
