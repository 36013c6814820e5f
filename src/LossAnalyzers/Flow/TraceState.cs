using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Flow;

/// <summary>
/// The state of one query: what is being traced right now (to cut cycles such as a field assigned from
/// itself), how deep the trace went, and the calls it followed into (the one cycle guard and the one depth
/// budget of the value-flow engine). Per query, never shared between threads.
/// </summary>
internal sealed class TraceState
{
    private const int MaxDepth = 48;

    /// <summary>How many calls a query may follow into (a helper calling a helper, ...), in either direction.</summary>
    public const int MaxCalls = 6;

    private readonly HashSet<object> active = new();
    private int depth;

    public TraceState(bool keepModuleCalls = false) => KeepsModuleCalls = keepModuleCalls;

    /// <summary>
    /// Whether a call of a one-input module stays a value of its own (the module instance's output) rather than being
    /// followed into the module's <c>forward</c>: for questions about which model instance produced a value.
    /// </summary>
    public bool KeepsModuleCalls { get; }

    /// <summary>The calls being followed, innermost first: their parameters are bound to the call's arguments.</summary>
    public CallContext? Context { get; private set; }

    /// <summary>Follows into a call; false past the call budget.</summary>
    public bool TryEnterCall(CallFrame frame)
    {
        if (Context is { Depth: >= MaxCalls })
        {
            return false;
        }

        Context = new CallContext(frame, Context);
        return true;
    }

    public void ExitCall() => Context = Context?.Parent;

    /// <summary>The innermost followed call whose method's own code holds <paramref name="node"/> and that has a receiver: what <c>this</c> is there.</summary>
    public CallContext? FrameHolding(SyntaxNode node)
    {
        for (var context = Context; context is not null; context = context.Parent)
        {
            foreach (var reference in context.Frame.Method.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == node.SyntaxTree && reference.Span.Contains(node.Span))
                {
                    return context.Frame.Instance is null ? null : context;
                }
            }
        }

        return null;
    }

    /// <summary>The innermost call of <paramref name="method"/> being followed; null when none.</summary>
    public CallContext? FrameOf(IMethodSymbol method)
    {
        for (var context = Context; context is not null; context = context.Parent)
        {
            if (SymbolEqualityComparer.Default.Equals(context.Frame.Method, method))
            {
                return context;
            }
        }

        return null;
    }

    /// <summary><paramref name="body"/> in <paramref name="context"/>: where a value found inside a followed call is looked at.</summary>
    public T InContext<T>(CallContext? context, Func<T> body)
    {
        var saved = Context;
        Context = context;
        try
        {
            return body();
        }
        finally
        {
            Context = saved;
        }
    }

    /// <summary>Counts cycle cuts; a result computed while this grew depends on the caller and is not cached.</summary>
    public int Cycles { get; private set; }

    public EnterResult Enter(object key)
    {
        if (depth >= MaxDepth)
        {
            return EnterResult.TooDeep;
        }

        if (!active.Add(key))
        {
            Cycles++;
            return EnterResult.Cycle;
        }

        depth++;
        return EnterResult.Entered;
    }

    public void Exit(object key)
    {
        active.Remove(key);
        depth--;
    }

    /// <summary>
    /// The answer for <paramref name="key"/> (a class, a method): from <paramref name="cache"/>, or computed by
    /// <paramref name="body"/> inside the cycle guard and kept there, unless a cycle was cut meanwhile (the answer then
    /// depends on where the query entered the cycle) or the budget was past (too deep is no answer about the key).
    /// </summary>
    public T? Cached<T>(ConcurrentDictionary<ISymbol, T> cache, ISymbol key, Func<T?> body, T onTooDeep)
        where T : class
    {
        if (cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        switch (Enter(key))
        {
            case EnterResult.Cycle:
                return null;
            case EnterResult.TooDeep:
                return onTooDeep;
        }

        var cycles = Cycles;
        T? result;
        try
        {
            result = body();
        }
        finally
        {
            Exit(key);
        }

        if (result is not null && Cycles == cycles)
        {
            cache.TryAdd(key, result);
        }

        return result;
    }

    /// <summary>
    /// <paramref name="body"/> with <paramref name="key"/> entered; <paramref name="onCycle"/> where the key is being
    /// traced already, <paramref name="onTooDeep"/> past the depth budget.
    /// </summary>
    public T Within<T>(object key, Func<T> body, T onCycle, T onTooDeep)
    {
        switch (Enter(key))
        {
            case EnterResult.Cycle:
                return onCycle;
            case EnterResult.TooDeep:
                return onTooDeep;
        }

        try
        {
            return body();
        }
        finally
        {
            Exit(key);
        }
    }
}

internal enum EnterResult
{
    Entered,

    /// <summary>Already being traced: the value contributes nothing new (a neutral element for merges).</summary>
    Cycle,

    /// <summary>Too deep to follow: unknown.</summary>
    TooDeep,
}

/// <summary>A call the engine follows into: its parameters take the call's arguments (by parameter ordinal).</summary>
internal sealed class CallFrame
{
    public CallFrame(IMethodSymbol method, IOperation call, IReadOnlyList<IOperation?> arguments, IOperation? instance = null)
    {
        Method = method;
        Call = call;
        Arguments = arguments;
        Instance = instance;
    }

    /// <summary>The receiver of the call, where <c>this</c> in the method's body is that object.</summary>
    public IOperation? Instance { get; }

    /// <summary>The method (its original definition), local function or lambda called.</summary>
    public IMethodSymbol Method { get; }

    /// <summary>The invocation or object creation: where a value returned by the method comes back out.</summary>
    public IOperation Call { get; }

    /// <summary>The argument value for each parameter ordinal; null where none is known.</summary>
    public IReadOnlyList<IOperation?> Arguments { get; }
}

/// <summary>
/// The calls a value was found inside, innermost first (an immutable chain, so a value keeps the context it was found
/// in): parameters of those methods are bound to the calls' arguments.
/// </summary>
internal sealed class CallContext
{
    public CallContext(CallFrame frame, CallContext? parent)
    {
        Frame = frame;
        Parent = parent;
        Depth = (parent?.Depth ?? 0) + 1;
    }

    public CallFrame Frame { get; }

    /// <summary>The caller's context: where the call's arguments are expressions.</summary>
    public CallContext? Parent { get; }

    public int Depth { get; }
}
