using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LossAnalyzers.Analysis;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Rules;

/// <summary>
/// LOSS024: a loss tensor collected with its autograd graph: <c>total += loss</c>, <c>total = total + loss</c>,
/// <c>total.add_(loss)</c> or <c>losses.Add(loss)</c> into a <c>Tensor</c> (or a collection of them) that outlives the
/// loop step, where autograd is on, the loss visibly may have a graph (not every input is data or detached) and nothing
/// backpropagates the accumulator. Each step's graph stays reachable from
/// the accumulator, in native memory that TorchSharp's tensor counters do not show. Gradient accumulation, which calls
/// <c>backward()</c> on the sum, is not a finding.
/// </summary>
internal sealed class Loss024LossAccumulatedWithGraph : LossRule
{
    public static readonly DiagnosticDescriptor Rule = Descriptors.Create(
        "LOSS024",
        "A loss is accumulated with its autograd graph",
        "'{0}' collects the loss '{1}' (computed by {4}) on every pass of a loop with its autograd graph, and nothing backpropagates '{0}': every step's graph stays alive in native memory (278 to 909 MiB over 3,000 steps measured) while TorchSharp's tensor counters stay flat. Collect '{2}' instead, or add '{3}.item<float>()' to a double.",
        DiagnosticSeverity.Warning,
        "A Tensor that sums or collects losses keeps a reference to each loss's autograd graph: the graphs of every step stay alive until the accumulator is disposed, so native memory grows with the number of steps and training slows or runs out of memory, while TorchSharp's tensor counters show nothing. Accumulate loss.detach() (or loss.item<float>() in a double) unless the sum is backpropagated.");

    /// <summary>Where the collected expression is the loss call itself.</summary>
    public static readonly DiagnosticDescriptor CollectsTheCall = Descriptors.Variant(
        Rule,
        "'{0}' collects the loss '{1}' on every pass of a loop with its autograd graph, and nothing backpropagates '{0}': every step's graph stays alive in native memory (278 to 909 MiB over 3,000 steps measured) while TorchSharp's tensor counters stay flat. Collect '{2}' instead, or add '{3}.item<float>()' to a double.");

    public override DiagnosticDescriptor Descriptor => Rule;

    public override ImmutableArray<DiagnosticDescriptor> AllDescriptors { get; } = ImmutableArray.Create(Rule, CollectsTheCall);

    // Narrowed on syntax so that counters (i += 1) and lists of anything written as literals do not bind a body.
    public override ImmutableArray<RuleTrigger> Triggers { get; } = ImmutableArray.Create(
        RuleTrigger.Expression(node => node.Node is AssignmentExpressionSyntax { Left: var left, Right: var right } && Accumulator(left) && !IsLiteral(right), SyntaxKind.AddAssignmentExpression),
        RuleTrigger.Expression(
            node => node.Node is BinaryExpressionSyntax sum && OutsideParentheses(sum).Parent is AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment
                    && Accumulator(assignment.Left)
                    && (SyntaxFactory.AreEquivalent(CandidateSyntax.Uncast(sum.Left), assignment.Left) || SyntaxFactory.AreEquivalent(CandidateSyntax.Uncast(sum.Right), assignment.Left)),
            SyntaxKind.AddExpression),
        RuleTrigger.Invocation("Add", node => node.Arguments.Count == 1 && !IsLiteral(node.Arguments[0].Expression)),
        RuleTrigger.Invocation("add_"));

    private static SyntaxNode OutsideParentheses(SyntaxNode node)
    {
        while (node.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax)
        {
            node = node.Parent;
        }

        return node;
    }

    private static bool Accumulator(ExpressionSyntax target) => CandidateSyntax.Uncast(target) is IdentifierNameSyntax or MemberAccessExpressionSyntax;

    private static bool IsLiteral(ExpressionSyntax expression) => CandidateSyntax.Uncast(expression) is LiteralExpressionSyntax or InterpolatedStringExpressionSyntax;

    public override void OnCompoundAssignment(ICompoundAssignmentOperation compound, LossAnalysis analysis, DiagnosticSink sink)
    {
        if (compound is { OperatorKind: BinaryOperatorKind.Add, OperatorMethod: { } method } && analysis.Symbols.IsTensor(method.ContainingType))
        {
            Check(compound, compound.Target, compound.Value, analysis, sink);
        }
    }

    public override void OnTensorOperator(IBinaryOperation binary, LossAnalysis analysis, DiagnosticSink sink)
    {
        // total = total + loss (either way round): the other operand is what is collected.
        if (binary.OperatorKind != BinaryOperatorKind.Add
            || OperationFacts.WithConversions(binary) is not { Parent: ISimpleAssignmentOperation assignment } sum || sum != assignment.Value
            || Holder(assignment.Target) is not { } holder)
        {
            return;
        }

        if (SymbolEqualityComparer.Default.Equals(Holder(binary.LeftOperand), holder))
        {
            Check(assignment, assignment.Target, binary.RightOperand, analysis, sink);
        }
        else if (SymbolEqualityComparer.Default.Equals(Holder(binary.RightOperand), holder))
        {
            Check(assignment, assignment.Target, binary.LeftOperand, analysis, sink);
        }
    }

    public override void OnInvocation(IInvocationOperation invocation, LossAnalysis analysis, DiagnosticSink sink)
    {
        if (invocation is not { Instance: { } receiver, Arguments: { Length: 1 } arguments })
        {
            return;
        }

        var collects = invocation.TargetMethod.Name switch
        {
            "add_" => analysis.Symbols.IsTensor(invocation.TargetMethod.ContainingType),
            "Add" => invocation.TargetMethod.ContainingType.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic",
            _ => false,
        };
        if (collects && analysis.Symbols.IsTensor(arguments[0].Value.Type))
        {
            Check(invocation, receiver, arguments[0].Value, analysis, sink);
        }
    }

    private static void Check(IOperation accumulation, IOperation accumulator, IOperation collected, LossAnalysis analysis, DiagnosticSink sink)
    {
        if (Holder(accumulator) is not { } holder
            || !OutlivesTheStep(accumulation, Scope(accumulator), analysis)
            || analysis.LossValueSource(collected) is not { } call
            || !MayHaveAGraph(call, analysis)
            || analysis.GradientsMayBeOff(accumulation) || analysis.GradientsMayBeOff(call.Invocation)
            || MayBeBackpropagated(holder, accumulation, analysis))
        {
            return;
        }

        var loss = call.Invocation;
        var operand = OperationFacts.StripConversions(collected)!.Syntax;
        var name = SourceText.Abbreviate(operand);
        var computedHere = operand.Span.Contains(loss.Syntax.Span) && operand.SyntaxTree == loss.Syntax.SyntaxTree;
        var computedBy = $"'{SourceText.Abbreviate(loss.Syntax)}' at {SourceText.Where(loss.Syntax)}";
        sink.ReportDiagnostic(Diagnostic.Create(
            computedHere ? CollectsTheCall : Rule,
            accumulation.Syntax.GetLocation(),
            additionalLocations: new[] { operand.GetLocation() },
            holder.Name,
            name,
            SourceText.Operand(operand) + ".detach()",
            SourceText.Operand(operand),
            computedBy));
    }

    /// <summary>A loss whose inputs other than the target are all visibly data or detached has no graph to keep.</summary>
    private static bool MayHaveAGraph(LossCall call, LossAnalysis analysis) =>
        call.Invocation.Arguments.Any(a => a != call.Target && analysis.Symbols.IsTensor(a.Value.Type) && !analysis.IsVisiblyUntrained(a.Value));

    /// <summary>
    /// The local, field or property an accumulator is: a member of this object, of a type, or of an object held in a local
    /// (a parameter's caller owns what it refers to: not followed).
    /// </summary>
    private static ISymbol? Holder(IOperation operation) => OperationFacts.StripConversions(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation or ILocalReferenceOperation } field => field.Field,
        IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation or ILocalReferenceOperation, Property.IsIndexer: false } property => property.Property,
        _ => null,
    };

    /// <summary>The local that bounds the accumulator's life: the accumulator itself, or the one holding the object it is a member of.</summary>
    private static ILocalSymbol? Scope(IOperation operation) => OperationFacts.StripConversions(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IMemberReferenceOperation { Instance: ILocalReferenceOperation owner } => owner.Local,
        _ => null,
    };

    /// <summary>
    /// The accumulator keeps what it collects from one step to the next: the collection runs in a loop the accumulator
    /// (or the local holding it) is declared outside of; for a member of this object or a type, also in a method called in
    /// a loop.
    /// </summary>
    private static bool OutlivesTheStep(IOperation accumulation, ILocalSymbol? scope, LossAnalysis analysis)
    {
        var declared = scope?.DeclaringSyntaxReferences.FirstOrDefault()?.Span;
        if (Loops(accumulation).Any(loop => declared is not { } span || !loop.Syntax.Span.Contains(span)))
        {
            return true;
        }

        return scope is null
               && accumulation.SemanticModel?.GetEnclosingSymbol(accumulation.Syntax.SpanStart) is IMethodSymbol method
               && analysis.Flow.References.CallSitesOf(method) is { } sites
               && sites.Any(site => Loops(site).Any());
    }

    /// <summary>The loops around an operation, within its method, lambda or local function.</summary>
    private static IEnumerable<ILoopOperation> Loops(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null and not IAnonymousFunctionOperation and not ILocalFunctionOperation; parent = parent.Parent)
        {
            if (parent is ILoopOperation loop)
            {
                yield return loop;
            }
        }
    }

    /// <summary>
    /// Whether the accumulator, or anything computed from it, may reach <c>backward()</c> or <c>torch.autograd</c>: then
    /// collecting the graphs is the point (gradient accumulation). Where its value goes out of view, it may.
    /// </summary>
    private static bool MayBeBackpropagated(ISymbol holder, IOperation accumulation, LossAnalysis analysis)
    {
        if (Visibility.IsVisibleOutside(holder))
        {
            return true;
        }

        IEnumerable<IOperation> reads;
        if (holder is ILocalSymbol local)
        {
            reads = LocalDefinitions.Root(accumulation).DescendantsAndSelf().OfType<ILocalReferenceOperation>().Where(r => SymbolEqualityComparer.Default.Equals(r.Local, local));
        }
        else
        {
            reads = analysis.Flow.References.ReferencesTo(holder);
        }

        foreach (var read in reads)
        {
            var uses = analysis.Flow.Uses.Find(read, use => Classify(use, analysis), intoVoidCalls: true);
            if (!uses.Sinks.IsEmpty || !uses.Leaks.IsEmpty || uses.Exhausted)
            {
                return true;
            }
        }

        return false;
    }

    private static UseVerdict Classify(ValueUse use, LossAnalysis analysis)
    {
        // An element of an array written as an argument (autograd.grad(new[] { total }, ...)) is used as the argument is.
        var parent = use.Occurrence.Parent;
        while (parent is IArrayInitializerOperation or IArrayCreationOperation or IConversionOperation { OperatorMethod: null })
        {
            parent = parent.Parent;
        }

        if (parent is not IArgumentOperation)
        {
            parent = use.Occurrence.Parent;
        }

        switch (parent)
        {
            case IInvocationOperation call when call.Instance == use.Occurrence && analysis.Symbols.IsTensor(call.TargetMethod.ContainingType):
                return call.TargetMethod.Name switch
                {
                    "backward" => UseVerdict.Sink,
                    "detach" or "detach_" or "item" or "Dispose" or "ToString" => UseVerdict.Ignore,
                    _ => UseVerdict.Same,
                };
            case IArgumentOperation { Parent: IInvocationOperation call } when IsAutograd(call.TargetMethod.ContainingType, analysis):
                return UseVerdict.Sink;
            case IArgumentOperation { Parent: IInvocationOperation call } when analysis.Symbols.IsTensorFunctionHost(call.TargetMethod.ContainingType):
                // torch.stack(losses), torch.cat(...), loss arithmetic as functions: the result holds the same graphs.
                return UseVerdict.Same;
            case IBinaryOperation { OperatorMethod: { } method } when analysis.Symbols.IsTensor(method.ContainingType):
            case IPropertyReferenceOperation { Property.IsIndexer: true } element when element.Instance == use.Occurrence:
                return UseVerdict.Same;
            case IUnaryOperation { OperatorMethod: { } method } when analysis.Symbols.IsTensor(method.ContainingType):
                return UseVerdict.Same;
            case IPropertyReferenceOperation:
                return UseVerdict.Ignore;
            default:
                return UseVerdict.Carry;
        }
    }

    private static bool IsAutograd(INamedTypeSymbol? type, LossAnalysis analysis)
    {
        for (; type is not null; type = type.ContainingType)
        {
            if (type.Name == "autograd" && SymbolEqualityComparer.Default.Equals(type.ContainingType, analysis.Symbols.Torch))
            {
                return true;
            }
        }

        return false;
    }
}
