using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Flow;

/// <summary>The values a method, accessor or expression body returns, on every return path.</summary>
internal static class ReturnedValues
{
    public static IEnumerable<IOperation> Of(IOperation body)
    {
        var pending = new Stack<IOperation>();
        pending.Push(body);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            if (operation is IReturnOperation { ReturnedValue: { } value } && operation.Kind == OperationKind.Return)
            {
                yield return value;
                continue;
            }

            foreach (var child in operation.ChildOperations)
            {
                // Returns inside lambdas and local functions belong to them, not to this body.
                if (child is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    continue;
                }

                pending.Push(child);
            }
        }
    }
}
