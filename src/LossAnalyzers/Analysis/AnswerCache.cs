using System;
using System.Collections.Concurrent;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Analysis;

/// <summary>
/// Answers about single expressions, kept for the compilation: several rules ask the same question of one expression
/// (a loss input's origin, which loss a call uses), and a code fix asks it again of the finding it fixes. An answer
/// computed while a cycle was cut depends on where the query entered the cycle, so it is not kept.
/// </summary>
internal sealed class AnswerCache<T>
{
    private readonly ConcurrentDictionary<(SyntaxNode Syntax, OperationKind Kind), T> answers = new();

    public T Get(IOperation operation, Func<TraceState, T> compute)
    {
        var key = (operation.Syntax, operation.Kind);
        if (answers.TryGetValue(key, out var known))
        {
            return known;
        }

        var state = new TraceState();
        var answer = compute(state);
        if (state.Cycles == 0)
        {
            answers.TryAdd(key, answer);
        }

        return answer;
    }
}
