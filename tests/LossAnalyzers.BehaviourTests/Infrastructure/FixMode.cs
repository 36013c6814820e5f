using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>How a test applies a fix: the code action of each diagnostic in turn, or Fix All in the solution.</summary>
public enum FixMode
{
    EachDiagnostic,
    FixAllInSolution,
}

internal static class FixModeExtensions
{
    public static Task<FixedSources> ApplyAsync(this FixMode mode, CodeFixProvider provider, string id, params string[] sources) => mode switch
    {
        FixMode.EachDiagnostic => CodeFixApplier.ApplyEachAsync(provider, id, sources),
        FixMode.FixAllInSolution => CodeFixApplier.ApplyFixAllAsync(provider, id, sources),
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };
}
