using System;
using System.Collections.Generic;

namespace LossAnalyzers.Analysis;

/// <summary>
/// The state of one query: what is being traced right now (to cut cycles such as a field assigned from
/// itself) and how deep the trace went. Per query, never shared between threads.
/// </summary>
internal sealed class TraceState
{
    private const int MaxDepth = 48;
    private readonly HashSet<object> active = new();
    private int depth;

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
