using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Flow;

/// <summary>
/// The expressions that may have produced a value: follows locals and parameters (reaching definitions),
/// fields and properties (every definition in the compilation), conversions, conditionals and switch choices, down to
/// the expressions that compute something (calls, object creations, operators). <see cref="Complete"/> is false
/// where some definition cannot be known (a parameter with no visible caller, a <c>ref</c> write).
/// </summary>
internal readonly struct ValueSources
{
    public ValueSources(ImmutableArray<IOperation> leaves, ImmutableArray<CallContext?> contexts, bool complete)
    {
        Leaves = leaves;
        Contexts = contexts;
        Complete = complete;
    }

    public ImmutableArray<IOperation> Leaves { get; }

    /// <summary>For each leaf, the calls it was found inside: look at the leaf in that context (<see cref="TraceState.InContext"/>).</summary>
    public ImmutableArray<CallContext?> Contexts { get; }

    public bool Complete { get; }
}

/// <summary>
/// The value-flow engine: what may reach an operation, across locals, fields and properties, parameters (bound to the
/// arguments of the call being followed, else taken from every call site in the compilation), the values returned by
/// this compilation's methods, local functions, lambdas and extension methods (with their parameters bound to the
/// call's arguments), tuple elements and the members of records built from constructor arguments. One
/// <see cref="TraceState"/> per query is its cycle guard and its depth and call budget. The origin, width, dtype,
/// weight and loss-receiver analyses are its clients.
/// </summary>
internal sealed class ValueSourceFinder
{
    private readonly FlowContext flow;

    public ValueSourceFinder(FlowContext flow)
    {
        this.flow = flow;
    }

    private MemberDefinitions Members => flow.Members;

    private IModuleModel Modules => flow.Modules;

    public ValueSources Find(IOperation value, TraceState state)
    {
        var leaves = new Leaves();
        var complete = Walk(value, state, leaves);
        return new ValueSources(leaves.Operations.ToImmutable(), leaves.Contexts.ToImmutable(), complete);
    }

    private bool Walk(IOperation? value, TraceState state, Leaves leaves)
    {
        switch (value)
        {
            case null:
                return false;
            case IConversionOperation conversion when conversion.OperatorMethod is null:
                return Walk(conversion.Operand, state, leaves);
            case IParenthesizedOperation parenthesized:
                return Walk(parenthesized.Operand, state, leaves);
            case IConditionalOperation { WhenFalse: not null } conditional:
                return Walk(conditional.WhenTrue, state, leaves) & Walk(conditional.WhenFalse, state, leaves);
            case ICoalesceOperation coalesce:
                return Walk(coalesce.Value, state, leaves) & Walk(coalesce.WhenNull, state, leaves);
            case ISwitchExpressionOperation choice:
                var allArms = true;
                foreach (var arm in choice.Arms)
                {
                    allArms &= Walk(arm.Value, state, leaves);
                }

                return allArms;
            case ISimpleAssignmentOperation assignment:
                // `x = y = Linear(...)`: the value of an assignment is what was assigned.
                return Walk(assignment.Value, state, leaves);
            case ILocalReferenceOperation local when ModuleLoop(local.Local) is { } loop:
                // `foreach (var layer in layers) x = layer.forward(x);`: what leaves the loop is the last module's output.
                return WalkLastModule(loop.Collection, state, leaves);
            case ILocalReferenceOperation local:
                var localDefinitions = LocalDefinitions.Reaching(value, local.Local, out _);
                var hidden = false;
                return WalkDefinitions(value.Syntax, local.Local, AfterModuleLoops(value, localDefinitions, ref hidden), state, leaves);
            case IParameterReferenceOperation parameter:
                var definitions = LocalDefinitions.Reaching(value, parameter.Parameter, out var incoming);
                definitions = AfterModuleLoops(value, definitions, ref incoming);
                return (definitions.IsEmpty || WalkDefinitions(value.Syntax, parameter.Parameter, definitions, state, leaves))
                       & (!incoming || WalkIncoming(parameter.Parameter, state, leaves));
            case IFieldReferenceOperation { Field.ContainingType.IsTupleType: true, Field.CorrespondingTupleField: { } element, Instance: { } tuple }:
                return WalkElement(tuple, TupleIndex(element), state, leaves, value);
            case IFieldReferenceOperation { Instance: { } instance and not IInstanceReferenceOperation } field
                when Members.AtConstruction(field.Field) is { } perObject:
                return WalkObjectMember(field.Field, instance, perObject, state, leaves);
            case IFieldReferenceOperation field:
                return WalkDefinitions(field.Field.OriginalDefinition, field.Field, Members.For(field.Field), state, leaves);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } dictionary, Arguments.Length: 1 } entry
                when Modules.IsDictionary(entry.Property.ContainingType)
                     && entry.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key }:
                return WalkDictionaryEntry(dictionary, key, state, leaves);
            case IPropertyReferenceOperation { Property.IsIndexer: false, Instance: { } instance and not IInstanceReferenceOperation } property
                when Members.AtConstruction(property.Property) is { } perObject:
                return WalkObjectMember(property.Property, instance, perObject, state, leaves);
            case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                return WalkDefinitions(property.Property.OriginalDefinition, property.Property, Members.For(property.Property), state, leaves);
            case IInvocationOperation invocation when Callee(invocation, state) is { } callee:
                return WalkCall(invocation, callee.Method, callee.Body, callee.Arguments, state, leaves);
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } self when state.FrameHolding(self.Syntax) is { } call:
                // `this` inside a method followed from a call: the call's receiver.
                return state.InContext(call.Parent, () => Walk(call.Frame.Instance, state, leaves));
            case ICoalesceAssignmentOperation coalesce:
                // `loss ??= BCELoss()`: what the target held (its nulls drop out below), or the new value.
                return Walk(coalesce.Target, state, leaves) & Walk(coalesce.Value, state, leaves);
            case { ConstantValue: { HasValue: true, Value: null } }:
                // A null computes nothing: a loss or tensor that is null there would throw, so it is no candidate.
                return true;
            default:
                leaves.Add(value, state.Context);
                return true;
        }
    }

    /// <summary>
    /// The answers about a value from the answers about each expression that may produce it, the fold every analysis
    /// makes: each leaf is looked at in the context it was found in and inside the cycle guard; a leaf being traced
    /// already adds nothing (an answer without value), one past the depth budget answers <paramref name="tooDeep"/>.
    /// Default when some source of the value cannot be known.
    /// </summary>
    public ImmutableArray<T> Answers<T>(IOperation value, TraceState state, Func<IOperation, Optional<T>> answer, T tooDeep) =>
        Answers(Find(value, state), state, answer, tooDeep);

    /// <inheritdoc cref="Answers{T}(IOperation, TraceState, Func{IOperation, Optional{T}}, T)"/>
    public ImmutableArray<T> Answers<T>(ValueSources found, TraceState state, Func<IOperation, Optional<T>> answer, T tooDeep)
    {
        if (!found.Complete)
        {
            return default;
        }

        var answers = ImmutableArray.CreateBuilder<T>(found.Leaves.Length);
        for (var i = 0; i < found.Leaves.Length; i++)
        {
            var leaf = found.Leaves[i];
            var result = state.InContext(found.Contexts[i], () => state.Within(leaf.Syntax, () => answer(leaf), onCycle: default, onTooDeep: new Optional<T>(tooDeep)));
            if (result.HasValue)
            {
                answers.Add(result.Value);
            }
        }

        return answers.ToImmutable();
    }

    /// <summary>
    /// For the call of a user module whose <c>forward</c> only hands its input back (every value it returns comes from
    /// outside its body, through its parameters): what reaches it that way. Null for any other call.
    /// </summary>
    public ValueSources? ThroughModule(IInvocationOperation call, TraceState state)
    {
        if (!state.KeepsModuleCalls || Modules.CallInput(call) is null || ModuleForward(call, state) is not { } callee)
        {
            return null;
        }

        var leaves = new Leaves();
        // Module calls inside the forward stay leaves: a value made by a layer of the module is the module's own output.
        // The caller guards this call against cycles already.
        var complete = WalkReturns(call, callee.Method, callee.Body, callee.Arguments, state, leaves);
        var body = callee.Body.Syntax;
        return complete && leaves.Operations.Count > 0
               && leaves.Operations.All(leaf => leaf.Syntax.SyntaxTree != body.SyntaxTree || !body.Span.Contains(leaf.Syntax.Span))
            ? new ValueSources(leaves.Operations.ToImmutable(), leaves.Contexts.ToImmutable(), complete: true)
            : null;
    }

    private bool WalkDefinitions(
        object key,
        ISymbol symbol,
        ImmutableArray<Definition> definitions,
        TraceState state,
        Leaves leaves)
    {
        if (definitions.IsDefault)
        {
            return false;
        }

        return state.Within(key, () => WalkEach(symbol, definitions, state, leaves), onCycle: true, onTooDeep: false);
    }

    private bool WalkEach(ISymbol symbol, ImmutableArray<Definition> definitions, TraceState state, Leaves leaves)
    {
        if (definitions.IsEmpty && symbol is IFieldSymbol or IPropertySymbol)
        {
            // Never assigned in source: null, or set by reflection. Nothing is known.
            return false;
        }

        var complete = true;
        foreach (var definition in definitions)
        {
            if (definition.TupleSource is { } tuple)
            {
                complete &= WalkElement(tuple, definition.Element, state, leaves);
            }
            else if (definition.Node is ParameterSyntax && MemberDefinitions.RecordParameter(symbol) is { } recordParameter)
            {
                // A positional record member: its value is the constructor argument.
                complete &= WalkIncoming(recordParameter, state, leaves);
            }
            else
            {
                complete &= !definition.IsUnknown && Walk(definition.Value, state, leaves);
            }
        }

        return complete;
    }

    /// <summary>
    /// The value a parameter was called with: the argument of the call being followed, or else the arguments at every
    /// call site in the compilation (none visible: unknown).
    /// </summary>
    private bool WalkIncoming(IParameterSymbol parameter, TraceState state, Leaves leaves)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol containing)
        {
            return false;
        }

        var method = containing.OriginalDefinition;
        if (state.FrameOf(method) is { } call)
        {
            var arguments = call.Frame.Arguments;
            var argument = parameter.Ordinal < arguments.Count ? arguments[parameter.Ordinal] : null;
            return argument is not null && state.InContext(call.Parent, () => Walk(argument, state, leaves));
        }

        if (Modules.IsModule(method.ContainingType) && method.Name == "forward")
        {
            // A module's input, outside a followed call: every instance may be called with anything.
            return false;
        }

        if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.Constructor)
            || !CallersAreVisible(method) || parameter.IsParams || parameter.RefKind != RefKind.None)
        {
            return false;
        }

        return state.Within(parameter, () => WalkCallSites(method, parameter, state, leaves), onCycle: true, onTooDeep: false);
    }

    private bool WalkCallSites(IMethodSymbol method, IParameterSymbol parameter, TraceState state, Leaves leaves)
    {
        var sites = flow.References.CallSitesOf(method);
        if (sites is null || sites.Count == 0)
        {
            return false;
        }

        var complete = true;
        foreach (var site in sites)
        {
            complete &= ArgumentFor(site, parameter) is { } argument && Walk(argument, state, leaves);
        }

        return complete;
    }

    /// <summary>A call into a method, local function or lambda of this compilation: what it returns, with its parameters bound.</summary>
    private bool WalkCall(IInvocationOperation call, IMethodSymbol method, IOperation body, IOperation?[] arguments, TraceState state, Leaves leaves) =>
        state.Within(call.Syntax, () => WalkReturns(call, method, body, arguments, state, leaves), onCycle: true, onTooDeep: false);

    private bool WalkReturns(IInvocationOperation call, IMethodSymbol method, IOperation body, IOperation?[] arguments, TraceState state, Leaves leaves)
    {
        var instance = call.Instance is IInstanceReferenceOperation or null || method.MethodKind != MethodKind.Ordinary ? null : call.Instance;
        if (!state.TryEnterCall(new CallFrame(method, call, arguments, instance)))
        {
            leaves.Add(call, state.Context);
            return true;
        }

        try
        {
            var complete = true;
            var any = false;
            foreach (var returned in ReturnedValues.Of(body))
            {
                any = true;
                complete &= Walk(returned, state, leaves);
            }

            return any && complete;
        }
        finally
        {
            state.ExitCall();
        }
    }

    /// <summary>Element <paramref name="index"/> of a tuple value: <c>(logits, probs)</c> returned and deconstructed, or <c>r.Item2</c>.</summary>
    private bool WalkElement(IOperation tuple, int index, TraceState state, Leaves leaves, IOperation? read = null)
    {
        var found = Find(tuple, state);
        var complete = found.Complete;
        for (var i = 0; i < found.Leaves.Length; i++)
        {
            if (found.Leaves[i] is ITupleOperation literal && index >= 0 && index < literal.Elements.Length)
            {
                complete &= state.InContext(found.Contexts[i], () => Walk(literal.Elements[index], state, leaves));
            }
            else if (read is not null && found.Leaves[i] is IInvocationOperation { TargetMethod.DeclaringSyntaxReferences.IsEmpty: true })
            {
                // `t.max(1).values`: an element of what a library call returns is computed there; the read is the value.
                leaves.Add(read, state.Context);
            }
            else
            {
                complete = false;
            }
        }

        return complete;
    }

    /// <summary>
    /// A use after <c>foreach (var layer in layers) x = layer.forward(x);</c> over a collection of modules that is not
    /// empty: the loop assigned <c>x</c> at least once, so what <c>x</c> held before the loop (a parameter's incoming
    /// value included) no longer reaches the use.
    /// </summary>
    private ImmutableArray<Definition> AfterModuleLoops(IOperation use, ImmutableArray<Definition> definitions, ref bool incoming)
    {
        if (definitions.IsDefault)
        {
            return definitions;
        }

        foreach (var definition in definitions)
        {
            if (definition.Node is AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax statement }
                && (statement.Parent as ForEachStatementSyntax ?? statement.Parent?.Parent as ForEachStatementSyntax) is { } loop
                && (statement.Parent == loop || statement.Parent is BlockSyntax { Parent: ForEachStatementSyntax })
                && use.Syntax.SpanStart >= loop.Span.End
                && flow.Model(loop.SyntaxTree).GetOperation(loop) is IForEachLoopOperation { Collection: var collection } operation
                && ModuleLoop(operation) is not null
                && LastModule(collection) is not null)
            {
                incoming = false;
                return definitions.Where(other => other.Node.SpanStart >= loop.SpanStart).ToImmutableArray();
            }
        }

        return definitions;
    }

    /// <summary>The <c>foreach</c> whose iteration variable <paramref name="local"/> is, when it runs over modules.</summary>
    private IForEachLoopOperation? ModuleLoop(ILocalSymbol local) =>
        Modules.IsModule(local.Type)
        && local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is ForEachStatementSyntax loop
        && flow.Model(loop.SyntaxTree).GetOperation(loop) is IForEachLoopOperation operation
            ? ModuleLoop(operation)
            : null;

    private IForEachLoopOperation? ModuleLoop(IForEachLoopOperation loop) =>
        loop.Locals.Length == 1 && Modules.IsModule(loop.Locals[0].Type) ? loop : null;

    private bool WalkLastModule(IOperation collection, TraceState state, Leaves leaves) =>
        LastModule(collection) is { } last && Walk(last, state, leaves);

    /// <summary>
    /// The module added last to a collection built in view: <c>ModuleList(a, b)</c>, <c>Sequential(a, b)</c>, <c>new
    /// List&lt;Module&lt;Tensor, Tensor&gt;&gt; { a, b }</c>, then its <c>Add(...)</c> calls in the same file; null otherwise.
    /// </summary>
    private IOperation? LastModule(IOperation collection)
    {
        var found = Find(OperationFacts.StripConversions(collection) ?? collection, new TraceState());
        if (!found.Complete || found.Leaves.Length != 1)
        {
            return null;
        }

        var elements = found.Leaves[0] switch
        {
            IInvocationOperation { Arguments.Length: 1 } factory when Modules.IsSequenceFactory(factory.TargetMethod) => OperationFacts.Elements(factory.Arguments[0].Value),
            IObjectCreationOperation { Arguments.Length: 1 } created when Modules.IsModule(created.Type) => OperationFacts.Elements(created.Arguments[0].Value),
            IObjectCreationOperation created => OperationFacts.Elements(created),
            _ => default,
        };
        if (elements.IsDefaultOrEmpty)
        {
            return null;
        }

        var last = elements[elements.Length - 1].Value;
        var added = AddedLater(collection, found.Leaves[0]);
        return added.IsDefault ? null : added.IsEmpty ? last : added[added.Length - 1];
    }

    /// <summary>The arguments of <c>Add(...)</c> calls on the field or local that holds the collection, in source order; default when they cannot be ordered.</summary>
    private ImmutableArray<IOperation> AddedLater(IOperation collection, IOperation construction)
    {
        IEnumerable<IOperation> uses = OperationFacts.StripConversions(collection) switch
        {
            IFieldReferenceOperation field => flow.References.ReferencesTo(field.Field),
            IPropertyReferenceOperation { Property.IsIndexer: false } property => flow.References.ReferencesTo(property.Property),
            ILocalReferenceOperation local => LocalDefinitions.Root(local).Descendants()
                .Where(o => o is ILocalReferenceOperation other && SymbolEqualityComparer.Default.Equals(other.Local, local.Local)),
            _ => Enumerable.Empty<IOperation>(),
        };
        var adds = uses
            .Select(use => use.Parent as IInvocationOperation is { TargetMethod.Name: "Add", Arguments.Length: 1 } add && add.Instance == use ? add : null)
            .Where(add => add is not null)
            .ToList();
        if (adds.Any(add => add!.Syntax.SyntaxTree != construction.Syntax.SyntaxTree))
        {
            return default;
        }

        return adds.OrderBy(add => add!.Syntax.SpanStart).Select(add => add!.Arguments[0].Value).ToImmutableArray();
    }

    /// <summary>
    /// <c>heads["probs"]</c> of a <c>ModuleDict</c> built by <c>ModuleDict(("logits", ...), ("probs", ...))</c> and never
    /// changed afterwards: the module under that constant key.
    /// </summary>
    private bool WalkDictionaryEntry(IOperation dictionary, string key, TraceState state, Leaves leaves)
    {
        if (MayBeChanged(dictionary))
        {
            return false;
        }

        var found = Find(dictionary, state);
        var complete = found.Complete && found.Leaves.Length > 0;
        for (var i = 0; i < found.Leaves.Length && complete; i++)
        {
            if (found.Leaves[i] is not IInvocationOperation { Arguments.Length: 1 } built
                || !Modules.IsDictionaryFactory(built.TargetMethod)
                || OperationFacts.Elements(built.Arguments[0].Value) is not { IsDefault: false } entries)
            {
                return false;
            }

            var matches = entries
                .Select(e => OperationFacts.StripConversions(e.Value) as ITupleOperation)
                .Where(t => t is { Elements.Length: 2 } && t.Elements[0].ConstantValue.Value as string == key)
                .ToList();
            complete = matches.Count == 1 && state.InContext(found.Contexts[i], () => Walk(matches[0]!.Elements[1], state, leaves));
        }

        return complete;
    }

    /// <summary>Whether entries may be added to (or removed from) the dictionary a field, property or local holds.</summary>
    private bool MayBeChanged(IOperation dictionary)
    {
        IEnumerable<IOperation> uses = OperationFacts.StripConversions(dictionary) switch
        {
            IFieldReferenceOperation field => flow.References.ReferencesTo(field.Field),
            IPropertyReferenceOperation { Property.IsIndexer: false } property => flow.References.ReferencesTo(property.Property),
            ILocalReferenceOperation local => LocalDefinitions.Root(local).Descendants()
                .Where(o => o is ILocalReferenceOperation other && SymbolEqualityComparer.Default.Equals(other.Local, local.Local)),
            _ => Enumerable.Empty<IOperation>(),
        };
        return uses.Any(use => use.Parent is IInvocationOperation { TargetMethod.Name: not "forward" and not "call" } changed && changed.Instance == use
                               || use.Parent is IPropertyReferenceOperation { Property.IsIndexer: true, Parent: ISimpleAssignmentOperation assignment } entry && assignment.Target == entry);
    }

    /// <summary>
    /// <c>result.Data</c> read on an object whose construction is visible (<c>new Prediction(torch.sigmoid(z), h)</c>, returned
    /// by a helper or a module's <c>forward</c>): the value that construction gave the member (its object initializer, the
    /// constructor's assignment with the constructor's parameters bound to the creation's arguments, a record's positional
    /// argument, the declaration's initializer), per object. Where the objects are not all visible, every definition of
    /// the member in the program.
    /// </summary>
    private bool WalkObjectMember(ISymbol member, IOperation instance, ConstructionValues values, TraceState state, Leaves leaves)
    {
        var found = Find(instance, state);
        if (!found.Complete || found.Leaves.IsEmpty || found.Leaves.Any(leaf => leaf is not IObjectCreationOperation { Constructor: not null }))
        {
            return WalkDefinitions(member.OriginalDefinition, member, Members.For(member), state, leaves);
        }

        var complete = true;
        for (var i = 0; i < found.Leaves.Length; i++)
        {
            var creation = (IObjectCreationOperation)found.Leaves[i];
            complete &= state.InContext(
                found.Contexts[i],
                () => state.Within((creation.Syntax, member), () => WalkConstructed(creation, member, values, state, leaves), onCycle: true, onTooDeep: false));
        }

        return complete;
    }

    private bool WalkConstructed(IObjectCreationOperation creation, ISymbol member, ConstructionValues values, TraceState state, Leaves leaves)
    {
        if (creation.Initializer is { } initializer)
        {
            foreach (var assignment in initializer.Initializers.OfType<ISimpleAssignmentOperation>())
            {
                if (assignment.Target is IMemberReferenceOperation target && SymbolEqualityComparer.Default.Equals(target.Member.OriginalDefinition, member.OriginalDefinition))
                {
                    return Walk(assignment.Value, state, leaves);
                }
            }
        }

        if (values.RecordParameter is { } parameter)
        {
            return ArgumentFor(creation, parameter) is { } argument && Walk(argument, state, leaves);
        }

        var constructor = creation.Constructor!;
        return WalkConstructor(constructor, creation, ByOrdinal(creation.Arguments, constructor.Parameters.Length), values, state, leaves);
    }

    /// <summary>What <paramref name="constructor"/>, called at <paramref name="call"/>, assigns the member: its own body, else the constructor it chains to, else the initializer.</summary>
    private bool WalkConstructor(IMethodSymbol constructor, IOperation call, IOperation?[] arguments, ConstructionValues values, TraceState state, Leaves leaves)
    {
        constructor = constructor.OriginalDefinition;
        if (!state.TryEnterCall(new CallFrame(constructor, call, arguments)))
        {
            return false;
        }

        try
        {
            var writes = values.ByConstructor[constructor].ToList();
            if (writes.Count > 0)
            {
                var complete = true;
                foreach (var (value, _) in writes)
                {
                    complete &= Walk(value, state, leaves);
                }

                // An assignment that may not run leaves the initializer's value in place.
                return writes.Any(w => w.Unconditional) ? complete : complete & WalkInitializers(values, state, leaves);
            }

            if (Body(constructor) is IConstructorBodyOperation { Initializer: { } chained }
                && (chained is IExpressionStatementOperation statement ? statement.Operation : chained) is IInvocationOperation { TargetMethod: { MethodKind: MethodKind.Constructor } next } chainedCall
                && next.DeclaringSyntaxReferences.Length > 0)
            {
                return WalkConstructor(next, chainedCall, ByOrdinal(chainedCall.Arguments, next.Parameters.Length), values, state, leaves);
            }

            return WalkInitializers(values, state, leaves);
        }
        finally
        {
            state.ExitCall();
        }
    }

    /// <summary>The declaration's initializer (a primary constructor's parameters are bound, since it runs in the call).</summary>
    private bool WalkInitializers(ConstructionValues values, TraceState state, Leaves leaves)
    {
        if (values.Initializers.IsEmpty)
        {
            // Never set on this object: null, or set where the code cannot be seen.
            return false;
        }

        var complete = true;
        foreach (var initializer in values.Initializers)
        {
            complete &= Walk(initializer, state, leaves);
        }

        return complete;
    }

    /// <summary>
    /// A method called only where it is named: not overridable, not an override or an interface implementation (those
    /// are also called through their base).
    /// </summary>
    public static bool CallersAreVisible(IMethodSymbol method)
    {
        if (method.IsVirtual || method.IsAbstract || method.IsOverride || method.DeclaringSyntaxReferences.IsEmpty)
        {
            return false;
        }

        if (method.IsStatic || method.MethodKind != MethodKind.Ordinary)
        {
            return true;
        }

        foreach (var @interface in method.ContainingType.AllInterfaces)
        {
            foreach (var member in @interface.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                {
                    return false;
                }
            }
        }

        return method.ExplicitInterfaceImplementations.IsEmpty;
    }

    /// <summary>
    /// The method, local function or lambda an invocation runs, with its body and arguments by parameter ordinal; null
    /// when it cannot be followed. A void method returns nothing to trace back, but where its arguments go is asked of
    /// it (<paramref name="voidToo"/>).
    /// </summary>
    internal (IMethodSymbol Method, IOperation Body, IOperation?[] Arguments)? Callee(IInvocationOperation invocation, TraceState state, bool voidToo = false)
    {
        var method = invocation.TargetMethod;
        if (method.MethodKind == MethodKind.DelegateInvoke)
        {
            // act(z) where act holds a lambda or a method group that is visible.
            if (invocation.Instance is null)
            {
                return null;
            }

            var found = Find(invocation.Instance, state);
            if (!found.Complete || found.Leaves.Length != 1 || found.Leaves[0] is not IDelegateCreationOperation { Target: var target })
            {
                return null;
            }

            var arguments = ByOrdinal(invocation.Arguments, method.Parameters.Length);
            return target switch
            {
                IAnonymousFunctionOperation lambda => (lambda.Symbol, lambda.Body, arguments),
                IMethodReferenceOperation { Method: var referenced, Instance: null } when Body(referenced) is { } referencedBody => (referenced.OriginalDefinition, referencedBody, arguments),
                _ => null,
            };
        }

        if (method.Name is "forward" or "call" && Modules.IsModule(method.ContainingType))
        {
            // A one-input module's call stays the instance's output where the question is about instances.
            return state.KeepsModuleCalls && Modules.CallInput(invocation) is not null && Modules.IsTensor(invocation.Type)
                ? null
                : ModuleForward(invocation, state);
        }

        if (method.ReturnsVoid && !voidToo || !IsFollowed(method) || Body(method) is not { } body)
        {
            return null;
        }

        return (method.OriginalDefinition, body, ByOrdinal(invocation.Arguments, method.Parameters.Length));
    }

    /// <summary>
    /// <c>model.forward(x)</c>, <c>model.call(x, mask)</c>, <c>this.forward(x)</c> on a user module: the user forward that runs
    /// for every instance the receiver may hold, followed per call like any method (its input bound to the argument).
    /// </summary>
    private (IMethodSymbol Method, IOperation Body, IOperation?[] Arguments)? ModuleForward(IInvocationOperation invocation, TraceState state)
    {
        if (invocation.Instance is not { } receiver)
        {
            return null;
        }

        var arity = invocation.Arguments.Length;
        var found = Find(receiver, state);
        var types = found.Complete && found.Leaves.All(leaf => leaf is IObjectCreationOperation)
            ? found.Leaves.Select(leaf => leaf.Type).ToList()
            : receiver.Type is INamedTypeSymbol { IsSealed: true } sealedType ? new List<ITypeSymbol?> { sealedType } : null;
        if (types is null || types.Count == 0)
        {
            return null;
        }

        var forward = Modules.ForwardOf(types[0], arity);
        if (forward is null || types.Any(t => !SymbolEqualityComparer.Default.Equals(Modules.ForwardOf(t, arity), forward))
            || Body(forward) is not { } body)
        {
            return null;
        }

        return (forward.OriginalDefinition, body, ByOrdinal(invocation.Arguments, forward.Parameters.Length));
    }

    /// <summary>A method whose body decides what every call returns: declared in this compilation, not overridable.</summary>
    private static bool IsFollowed(IMethodSymbol method) =>
        method.DeclaringSyntaxReferences.Length > 0
        && method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction
        && !method.IsAbstract && !method.IsExtern
        && (!method.IsVirtual && !method.IsOverride || method.IsSealed || method.ContainingType.IsSealed);

    internal IOperation? Body(IMethodSymbol method)
    {
        var references = method.DeclaringSyntaxReferences;
        if (references.Length != 1)
        {
            return null;
        }

        var syntax = references[0].GetSyntax();
        if (!flow.Compilation.ContainsSyntaxTree(syntax.SyntaxTree))
        {
            return null;
        }

        return flow.Model(syntax.SyntaxTree).GetOperation(syntax) switch
        {
            ILocalFunctionOperation local => local.Body ?? (IOperation?)local.IgnoredBody,
            IMethodBodyOperation { BlockBody: not null } body => body,
            IMethodBodyOperation { ExpressionBody: not null } body => body,
            IConstructorBodyOperation constructor => constructor,
            _ => null,
        };
    }

    internal static int TupleIndex(IFieldSymbol element)
    {
        var elements = element.ContainingType.TupleElements;
        for (var i = 0; i < elements.Length; i++)
        {
            if (SymbolEqualityComparer.Default.Equals(elements[i].CorrespondingTupleField, element))
            {
                return i;
            }
        }

        return -1;
    }

    private static IOperation?[] ByOrdinal(ImmutableArray<IArgumentOperation> arguments, int count)
    {
        var values = new IOperation?[count];
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Ordinal: var ordinal } && ordinal < count && argument.ArgumentKind != ArgumentKind.ParamArray)
            {
                values[ordinal] = argument.Value;
            }
        }

        return values;
    }

    public static IOperation? ArgumentFor(IOperation call, IParameterSymbol parameter)
    {
        if (call is IObjectCreationOperation { Constructor: var constructor }
            && !SymbolEqualityComparer.Default.Equals(constructor?.OriginalDefinition, parameter.ContainingSymbol.OriginalDefinition))
        {
            return null;
        }

        foreach (var argument in OperationFacts.Arguments(call))
        {
            if (argument.Parameter?.Ordinal == parameter.Ordinal && argument.ArgumentKind != ArgumentKind.ParamArray)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>The leaves found so far, each with the calls it was found inside.</summary>
    private sealed class Leaves
    {
        public ImmutableArray<IOperation>.Builder Operations { get; } = ImmutableArray.CreateBuilder<IOperation>();

        public ImmutableArray<CallContext?>.Builder Contexts { get; } = ImmutableArray.CreateBuilder<CallContext?>();

        public void Add(IOperation operation, CallContext? context)
        {
            Operations.Add(operation);
            Contexts.Add(context);
        }
    }
}
