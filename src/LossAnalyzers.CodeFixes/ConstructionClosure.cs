using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// A fix that changes a loss construction changes every call of it: this walks the constructions a call may use,
/// every call of those, and the constructions those calls may use in turn, until nothing new turns up.
/// </summary>
internal static class ConstructionClosure
{
    /// <param name="construction">Accepts (and records) one construction; false stops the walk.</param>
    /// <param name="use">Accepts (and records) one call of the constructions seen so far; false stops the walk.</param>
    /// <returns>False when the call's constructions are not visible or a visitor refused.</returns>
    public static async Task<bool> VisitAsync(LossCall call, ProjectScan scan, Func<LossConstruction, Task<bool>> construction, Func<LossCall, bool> use)
    {
        if (call.Constructions.IsDefaultOrEmpty)
        {
            return false;
        }

        var creations = new HashSet<SyntaxNode>();
        var visitedCalls = new HashSet<SyntaxNode>();
        var pending = new Queue<LossConstruction>(call.Constructions);
        while (pending.Count > 0)
        {
            var next = pending.Dequeue();
            if (!creations.Add(next.Creation.Syntax))
            {
                continue;
            }

            if (!await construction(next).ConfigureAwait(false))
            {
                return false;
            }

            foreach (var other in scan.CallsOf(creations).ToList())
            {
                if (!visitedCalls.Add(other.Invocation.Syntax))
                {
                    continue;
                }

                if (!use(other))
                {
                    return false;
                }

                foreach (var more in other.Constructions)
                {
                    pending.Enqueue(more);
                }
            }
        }

        return true;
    }
}
