using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Flow;

/// <summary>What a client makes of one place its value reaches (the value is the operation's child <c>occurrence</c>).</summary>
internal enum UseVerdict
{
    /// <summary>Nothing special: the engine follows it if it only carries the value (a variable, a member, an argument, a return, a tuple, an object), else the value escapes.</summary>
    Carry,

    /// <summary>A use the client was looking for (a loss call, a loss input): recorded, not followed.</summary>
    Sink,

    /// <summary>A use that does not pass the value on (<c>Dispose()</c>, <c>shape</c>): not recorded.</summary>
    Ignore,

    /// <summary>The consuming operation's result is the same value (<c>.to(device)</c>, a shape step): followed from there.</summary>
    Same,

    /// <summary>The value goes where the client cannot allow it.</summary>
    Escape,
}

/// <summary>One place a value reaches, as the client is asked about it.</summary>
internal readonly struct ValueUse
{
    public ValueUse(IOperation occurrence, bool inFollowedCall)
    {
        Occurrence = occurrence;
        InFollowedCall = inFollowedCall;
    }

    /// <summary>The value (past conversions and parentheses); its parent is the use.</summary>
    public IOperation Occurrence { get; }

    /// <summary>The value came into this method through a call being followed: a return goes back out of that call only.</summary>
    public bool InFollowedCall { get; }
}

/// <summary>Where a value goes: the sinks its client recognised, and where it went beyond what the engine follows.</summary>
internal readonly struct ValueUses
{
    public ValueUses(ImmutableArray<IOperation> sinks, ImmutableArray<IOperation> unfollowed, ImmutableArray<IOperation> leaks, bool exhausted, ImmutableArray<ISymbol> holders)
    {
        Holders = holders;
        Sinks = sinks;
        Unfollowed = unfollowed;
        Leaks = leaks;
        Exhausted = exhausted;
    }

    /// <summary>The occurrences of the value that the client called sinks (their parent is the use).</summary>
    public ImmutableArray<IOperation> Sinks { get; }

    /// <summary>
    /// The occurrences whose use does not only carry the value and that the client did not recognise (an unknown
    /// method's argument, an operator, a collection), or called <see cref="UseVerdict.Escape"/>.
    /// </summary>
    public ImmutableArray<IOperation> Unfollowed { get; }

    /// <summary>
    /// Where the value was carried out of view: a member or method other assemblies can reach, a method whose callers
    /// are not all known, a lambda's result, past the budget.
    /// </summary>
    public ImmutableArray<IOperation> Leaks { get; }

    /// <summary>
    /// What held the value on its way: locals, parameters, fields and properties it was stored in, methods that returned
    /// it (a fix that changes the value's type changes their declared types).
    /// </summary>
    public ImmutableArray<ISymbol> Holders { get; }

    /// <summary>The walk stopped at its step or call budget: some uses were not looked at.</summary>
    public bool Exhausted { get; }

    public bool Escapes => !Unfollowed.IsEmpty || !Leaks.IsEmpty || Exhausted;
}

/// <summary>
/// The forward half of the value-flow engine: <em>where does this value go</em>. From one operation it follows the value
/// through everything that only carries it: conversions, choices, locals (to the reads its definition reaches),
/// parameters of this compilation's methods, local functions, lambdas and constructors (into their bodies, and back out
/// of their returns to the call that was followed), returns (to every call site when no call is being followed),
/// fields and properties (to their reads), tuple elements and members of the user's objects (read back by element or
/// member, per object where the construction is followed), <c>??=</c>. Everything else is asked of the client, which
/// says what a use is (<see cref="UseVerdict"/>). One visited set cuts cycles; one step budget bounds the work; past it
/// the value escapes. The backward half, <see cref="ValueSourceFinder"/>, is the same model read the other way, and
/// this half asks it where a delegate's target or a call's callee is.
/// </summary>
internal sealed class ValueUseFinder
{
    private const int MaxSteps = 400;
    private const int MaxPath = 4;

    private readonly FlowContext flow;

    public ValueUseFinder(FlowContext flow) => this.flow = flow;

    private ValueSourceFinder Sources => flow.Sources;

    /// <param name="start">The value.</param>
    /// <param name="classify">What the client makes of each use.</param>
    /// <param name="intoVoidCalls">
    /// Follow the value into methods that return nothing, as into any other (a helper that calls <c>backward()</c> on it).
    /// Off, such a call is a use the engine does not follow: a client whose harmless uses are judged only where it can
    /// see the caller's intent (a fix that renames the loss a helper logs) stays conservative.
    /// </param>
    public ValueUses Find(IOperation start, Func<ValueUse, UseVerdict> classify, bool intoVoidCalls = false) => new Walk(this, classify, intoVoidCalls).Run(start);

    /// <summary>One query: what has been visited, the budget, and what was found.</summary>
    private sealed class Walk
    {
        private readonly ValueUseFinder engine;
        private readonly Func<ValueUse, UseVerdict> classify;
        private readonly bool intoVoidCalls;
        private readonly HashSet<(SyntaxNode, Path?, SyntaxNode?)> visited = new();
        private readonly ImmutableArray<IOperation>.Builder sinks = ImmutableArray.CreateBuilder<IOperation>();
        private readonly ImmutableArray<IOperation>.Builder unfollowed = ImmutableArray.CreateBuilder<IOperation>();
        private readonly ImmutableArray<IOperation>.Builder leaks = ImmutableArray.CreateBuilder<IOperation>();
        private readonly Stack<(IOperation Value, Path? Path, CallContext? Frames)> pending = new();
        private readonly HashSet<ISymbol> holders = new(SymbolEqualityComparer.Default);
        private int steps;
        private bool exhausted;

        public Walk(ValueUseFinder engine, Func<ValueUse, UseVerdict> classify, bool intoVoidCalls)
        {
            this.intoVoidCalls = intoVoidCalls;
            this.engine = engine;
            this.classify = classify;
        }

        private FlowContext Flow => engine.flow;

        public ValueUses Run(IOperation start)
        {
            pending.Push((start, null, null));
            while (pending.Count > 0)
            {
                var (value, path, frames) = pending.Pop();
                if (++steps > MaxSteps)
                {
                    exhausted = true;
                    break;
                }

                Step(value, path, frames);
            }

            return new ValueUses(sinks.ToImmutable(), unfollowed.ToImmutable(), leaks.ToImmutable(), exhausted, holders.ToImmutableArray());
        }

        private void Go(IOperation value, Path? path, CallContext? frames)
        {
            if (visited.Add((value.Syntax, path, frames?.Frame.Call.Syntax)))
            {
                pending.Push((value, path, frames));
            }
        }

        /// <summary>A use that does not only carry the value, or one the client said the value must not pass.</summary>
        private void Escape(IOperation at) => unfollowed.Add(at);

        /// <summary>Carried where the engine cannot see what happens to it.</summary>
        private void Leak(IOperation at) => leaks.Add(at);

        /// <summary>Into a call whose parameters, <c>this</c> and returns are the value's: a frame, within the call budget.</summary>
        private CallContext? Enter(IMethodSymbol method, IOperation call, CallContext? frames, IOperation at)
        {
            if (frames is { Depth: >= TraceState.MaxCalls })
            {
                exhausted = true;
                return null;
            }

            return new CallContext(new CallFrame(method, call, Array.Empty<IOperation?>()), frames);
        }

        private void Step(IOperation value, Path? path, CallContext? frames)
        {
            var current = OperationFacts.WithConversions(value);

            if (current.Parent is null)
            {
                Escape(current);
                return;
            }

            if (path is null)
            {
                switch (classify(new ValueUse(current, frames is not null)))
                {
                    case UseVerdict.Sink:
                        sinks.Add(current);
                        return;
                    case UseVerdict.Ignore:
                        return;
                    case UseVerdict.Same:
                        Go(Consumer(current), path, frames);
                        return;
                    case UseVerdict.Escape:
                        Escape(current);
                        return;
                }
            }

            switch (current.Parent)
            {
                case IConditionalOperation choice when choice.Condition != current:
                    Go(choice, path, frames);
                    return;
                case ICoalesceOperation coalesce:
                    Go(coalesce, path, frames);
                    return;
                case ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation choice } arm when arm.Value == current:
                    Go(choice, path, frames);
                    return;
                case ITupleOperation tuple:
                    Into(tuple, Path.Push(path, tuple.Elements.IndexOf(current)), frames, current);
                    return;
                case IFieldReferenceOperation { Field.ContainingType.IsTupleType: true, Field.CorrespondingTupleField: { } element } read when read.Instance == current:
                    Select(read, ValueSourceFinder.TupleIndex(element), path, frames);
                    return;
                case IMemberReferenceOperation read when read.Instance == current && read is IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false }:
                    Select(read, read.Member.OriginalDefinition, path, frames);
                    return;
                case IConditionalAccessOperation access when access.Operation == current:
                    // `loss?.forward(p, y)`: the value is the conditional instance inside.
                    foreach (var instance in access.WhenNotNull.DescendantsAndSelf().OfType<IConditionalAccessInstanceOperation>())
                    {
                        Go(instance, path, frames);
                    }

                    return;
                case IInvocationOperation call when call.Instance == current:
                    IntoReceiver(call, path, frames, current);
                    return;
                case IArgumentOperation argument:
                    IntoArgument(argument, path, frames, current);
                    return;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    IntoReads(declarator.Symbol, declarator.Syntax, current, path, frames);
                    return;
                case ISymbolInitializerOperation initializer:
                    // A field's or property's initializer: its reads, everywhere.
                    foreach (var member in initializer switch
                             {
                                 IFieldInitializerOperation field => field.InitializedFields.Cast<ISymbol>(),
                                 IPropertyInitializerOperation property => property.InitializedProperties.Cast<ISymbol>(),
                                 _ => Enumerable.Empty<ISymbol>(),
                             })
                    {
                        IntoMember(member, path, current);
                    }

                    return;
                case ISimpleAssignmentOperation assignment when assignment.Value == current && !assignment.IsRef:
                    IntoTarget(assignment, assignment.Target, path, frames, current);
                    return;
                case ICoalesceAssignmentOperation coalesce when coalesce.Value == current:
                    Go(coalesce, path, frames);
                    IntoTarget(coalesce, coalesce.Target, path, frames, current);
                    return;
                case IDeconstructionAssignmentOperation deconstruction when deconstruction.Value == current && path is not null:
                    IntoDeconstruction(deconstruction, path, frames, current);
                    return;
                case IReturnOperation:
                    Returned(current, path, frames);
                    return;
                case IExpressionStatementOperation or IUsingOperation or IUsingDeclarationOperation:
                    // Computed and dropped, or only disposed.
                    return;
                default:
                    Escape(current);
                    return;
            }
        }

        /// <summary>
        /// The operation that consumes <paramref name="current"/>: its parent, or, for an argument (a <c>params</c> element,
        /// a named element of one), the call that takes it.
        /// </summary>
        private static IOperation Consumer(IOperation current)
        {
            var consumer = current.Parent!;
            while (consumer is IArgumentOperation or IArrayInitializerOperation or IArrayCreationOperation { Parent: IArgumentOperation }
                   || consumer is ITupleOperation { Parent: IArrayInitializerOperation })
            {
                consumer = consumer.Parent!;
            }

            return consumer;
        }

        /// <summary>An element or member read off a composite: the value when it is the part being carried.</summary>
        private void Select(IOperation read, object selector, Path? path, CallContext? frames)
        {
            if (path is null)
            {
                // A member of the value itself, read: the client did not say it passes the value on.
                Escape(read);
                return;
            }

            if (path.SelectedBy(selector))
            {
                Go(read, path.Tail, frames);
            }

            // Another element or member: the value does not go there.
        }

        private void Into(IOperation composite, Path? path, CallContext? frames, IOperation at)
        {
            if (path?.Depth > MaxPath)
            {
                Escape(at);
                return;
            }

            Go(composite, path, frames);
        }

        /// <summary><c>value.Method(...)</c> on a user type: <c>this</c> in the method is the value.</summary>
        private void IntoReceiver(IInvocationOperation call, Path? path, CallContext? frames, IOperation at)
        {
            if (path is null && engine.Sources.Callee(call, new TraceState(), voidToo: intoVoidCalls) is { } callee && callee.Method.MethodKind == MethodKind.Ordinary && !callee.Method.IsStatic)
            {
                if (Enter(callee.Method, call, frames, at) is not { } frame)
                {
                    return;
                }

                foreach (var self in callee.Body.DescendantsAndSelf().OfType<IInstanceReferenceOperation>())
                {
                    if (self.ReferenceKind == InstanceReferenceKind.ContainingTypeInstance && EnclosingFunction(self) is { } function
                        && SymbolEqualityComparer.Default.Equals(function.OriginalDefinition, callee.Method.OriginalDefinition))
                    {
                        Go(self, null, frame);
                    }
                }

                return;
            }

            Escape(at);
        }

        private void IntoArgument(IArgumentOperation argument, Path? path, CallContext? frames, IOperation at)
        {
            if (argument.Parameter is not { RefKind: RefKind.None, IsParams: false } parameter || argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                Escape(at);
                return;
            }

            switch (argument.Parent)
            {
                case IObjectCreationOperation { Constructor: { } constructor } creation when constructor.DeclaringSyntaxReferences.Length > 0:
                    if (MemberDefinitions.RecordProperty(parameter) is { } property)
                    {
                        // A positional record: the argument is its property on the new object.
                        Into(creation, Path.Push(path, property), frames, at);
                        return;
                    }

                    if (engine.Sources.Body(constructor.OriginalDefinition) is { } body)
                    {
                        if (Enter(constructor.OriginalDefinition, creation, frames, at) is { } frame)
                        {
                            IntoParameter(parameter.OriginalDefinition, body, path, frame);
                        }

                        return;
                    }

                    break;
                case IInvocationOperation call when engine.Sources.Callee(call, new TraceState(), voidToo: intoVoidCalls) is { } callee:
                    if (callee.Method.Parameters.Length > parameter.Ordinal)
                    {
                        if (Enter(callee.Method, call, frames, at) is { } frame)
                        {
                            IntoParameter(callee.Method.Parameters[parameter.Ordinal].OriginalDefinition, callee.Body, path, frame);
                        }

                        return;
                    }

                    break;
            }

            Escape(at);
        }

        /// <summary>The reads of a parameter that see the value passed in, in the body of the call being followed.</summary>
        private void IntoParameter(IParameterSymbol parameter, IOperation body, Path? path, CallContext frame)
        {
            holders.Add(parameter);
            foreach (var use in body.DescendantsAndSelf())
            {
                if (use is IParameterReferenceOperation { Parameter: var referenced } && SymbolEqualityComparer.Default.Equals(referenced.OriginalDefinition, parameter)
                    && !IsWritten(use))
                {
                    LocalDefinitions.Reaching(use, referenced, out var incoming);
                    if (incoming)
                    {
                        Go(use, path, frame);
                    }
                }
            }
        }

        /// <summary>The reads of a local or parameter that the definition at <paramref name="definition"/> reaches.</summary>
        private void IntoReads(ISymbol variable, SyntaxNode definition, IOperation anchor, Path? path, CallContext? frames)
        {
            holders.Add(variable.OriginalDefinition);
            foreach (var use in LocalDefinitions.Root(anchor).Descendants())
            {
                var symbol = use switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IParameterReferenceOperation parameter => (ISymbol)parameter.Parameter,
                    _ => null,
                };
                if (symbol is null || !SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, variable.OriginalDefinition) || IsWritten(use))
                {
                    continue;
                }

                if (LocalDefinitions.Reaching(use, symbol, out _).Any(d => d.Node == definition))
                {
                    Go(use, path, frames);
                }
            }
        }

        private void IntoTarget(IOperation write, IOperation target, Path? path, CallContext? frames, IOperation at)
        {
            switch (target)
            {
                case ILocalReferenceOperation local:
                    IntoReads(local.Local, write.Syntax, write, path, frames);
                    return;
                case IParameterReferenceOperation parameter:
                    IntoReads(parameter.Parameter, write.Syntax, write, path, frames);
                    return;
                case IMemberReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } } member
                    when write.Parent is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation }:
                    // `new Box { Value = v }`: the member of the new object.
                    Into(creation, Path.Push(path, member.Member.OriginalDefinition), frames, at);
                    return;
                case IMemberReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } member
                    when frames is { Frame: { Call: IObjectCreationOperation creation, Method: { MethodKind: MethodKind.Constructor } constructor } }
                         && EnclosingFunction(write) is { } function && SymbolEqualityComparer.Default.Equals(function.OriginalDefinition, constructor)
                         && member is IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false }
                         && Flow.Members.AtConstruction(member.Member) is not null:
                    // `Value = value;` in the constructor being followed: the member of the object it builds.
                    Into(creation, Path.Push(path, member.Member.OriginalDefinition), frames.Parent, at);
                    return;
                case IFieldReferenceOperation field:
                    IntoMember(field.Field, path, at);
                    return;
                case IPropertyReferenceOperation { Property.IsIndexer: false } property:
                    IntoMember(property.Property, path, at);
                    return;
                default:
                    Escape(at);
                    return;
            }
        }

        /// <summary>Stored in a field or property: every read of it in the compilation (and beyond, if other assemblies can read it).</summary>
        private void IntoMember(ISymbol member, Path? path, IOperation at)
        {
            holders.Add(member.OriginalDefinition);
            if (member.DeclaringSyntaxReferences.IsEmpty || Visibility.IsVisibleOutside(member))
            {
                Leak(at);
            }

            foreach (var read in Flow.References.ReferencesTo(member))
            {
                if (!IsWritten(read))
                {
                    Go(read, path, null);
                }
            }
        }

        private void IntoDeconstruction(IDeconstructionAssignmentOperation deconstruction, Path path, CallContext? frames, IOperation at)
        {
            var target = deconstruction.Target is IDeclarationExpressionOperation declaration ? declaration.Expression : deconstruction.Target;
            if (path.Head is not int index || target is not ITupleOperation tuple || index < 0 || index >= tuple.Elements.Length)
            {
                Escape(at);
                return;
            }

            var element = tuple.Elements[index] is IDeclarationExpressionOperation declared ? declared.Expression : tuple.Elements[index];
            switch (element)
            {
                case ILocalReferenceOperation local:
                    IntoReads(local.Local, deconstruction.Syntax, deconstruction, path.Tail, frames);
                    return;
                case IDiscardOperation:
                    return;
                default:
                    Escape(at);
                    return;
            }
        }

        /// <summary>Returned: to the call being followed, else to every call of the function (or the readers of a getter's property).</summary>
        private void Returned(IOperation value, Path? path, CallContext? frames)
        {
            var function = EnclosingFunction(value);
            if (function is null)
            {
                Leak(value);
                return;
            }

            for (var frame = frames; frame is not null; frame = frame.Parent)
            {
                if (SymbolEqualityComparer.Default.Equals(frame.Frame.Method.OriginalDefinition, function.OriginalDefinition))
                {
                    Go(frame.Frame.Call, path, frame.Parent);
                    return;
                }
            }

            switch (function.MethodKind)
            {
                case MethodKind.PropertyGet when function.AssociatedSymbol is IPropertySymbol { IsIndexer: false } property:
                    IntoMember(property, path, value);
                    return;
                case MethodKind.Ordinary or MethodKind.LocalFunction when !function.IsAbstract && !function.IsVirtual && !function.IsOverride:
                    if (Visibility.IsVisibleOutside(function))
                    {
                        Leak(value);
                    }

                    holders.Add(function.OriginalDefinition);
                    if (Flow.References.CallSitesOf(function) is not { } calls)
                    {
                        Leak(value);
                        return;
                    }

                    foreach (var call in calls)
                    {
                        Go(call, path, null);
                    }

                    return;
                default:
                    // A lambda's result, an override's: where it goes is not visible from here.
                    Leak(value);
                    return;
            }
        }

        private IMethodSymbol? EnclosingFunction(IOperation operation) => Flow.EnclosingFunction(operation);

        private static bool IsWritten(IOperation reference) =>
            reference.Parent is ISimpleAssignmentOperation { Target: var target } && target == reference
            || reference.Parent is IDeconstructionAssignmentOperation or ICompoundAssignmentOperation
            || reference.Parent is ICoalesceAssignmentOperation { Target: var coalesced } && coalesced == reference
            || reference.Parent is ITupleOperation { Parent: IDeconstructionAssignmentOperation };
    }

    /// <summary>Which part of a composite value is the one being followed: tuple element indexes and members, outermost first.</summary>
    private sealed class Path : IEquatable<Path>
    {
        private Path(object head, Path? tail)
        {
            Head = head;
            Tail = tail;
            Depth = (tail?.Depth ?? 0) + 1;
        }

        public object Head { get; }

        public Path? Tail { get; }

        public int Depth { get; }

        public static Path Push(Path? path, object selector) => new(selector, path);

        /// <summary>Whether reading <paramref name="selector"/> (a tuple element index or a member) takes the part being followed.</summary>
        public bool SelectedBy(object selector) =>
            Head is ISymbol symbol ? SymbolEqualityComparer.Default.Equals(symbol, selector as ISymbol) : Equals(Head, selector);

        public bool Equals(Path? other) =>
            other is not null && Depth == other.Depth && other.SelectedBy(Head) && Equals(Tail, other.Tail);

        public override bool Equals(object? obj) => obj is Path other && Equals(other);

        public override int GetHashCode() => (Head is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : Head.GetHashCode()) ^ (Tail?.GetHashCode() ?? 0) * 31;
    }
}
