using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LossAnalyzers.Flow;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Analysis;

internal sealed partial class LossAnalysis
{
    /// <summary>
    /// The loss calls that evaluate the loss built at <paramref name="creation"/>, following the loss forward: through
    /// the locals, fields and properties that hold it, <c>.to(device)</c>-style moves, the getters and methods that
    /// return it, and the parameters of this compilation's methods it is passed to (see <see cref="LossUseWalk"/>).
    /// Empty when the loss is never called; default when it goes somewhere the calls cannot be followed (code outside
    /// the compilation, a collection, a lambda's result).
    /// </summary>
    public ImmutableArray<LossCall> CallsOf(IOperation creation) => UsesOf(creation) is { Escapes: false } uses ? uses.Calls : default;

    /// <summary>The calls of the loss built at <paramref name="creation"/> that can be seen, and whether it also leaves them (see <see cref="CallsOf"/>).</summary>
    public LossUses UsesOf(IOperation creation) =>
        ConstructionAt(creation) is { } construction ? new LossUseWalk(this, construction).Uses() : new LossUses(ImmutableArray<LossCall>.Empty, escapes: true);
}
