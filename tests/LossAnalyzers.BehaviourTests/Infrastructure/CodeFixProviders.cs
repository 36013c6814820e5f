using Microsoft.CodeAnalysis.CodeFixes;

namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>
/// Finds the code fix for a diagnostic ID by reflection over the LossAnalyzers.CodeFixes assembly, so that a test
/// of a fix that has not been written yet compiles, and fails with a message saying so.
/// </summary>
internal static class CodeFixProviders
{
    private static readonly System.Reflection.Assembly CodeFixes = typeof(LossAnalyzers.CodeFixes.Loss001CodeFix).Assembly;

    public static CodeFixProvider? Find(string diagnosticId) =>
        CodeFixes.GetTypes()
            .Where(t => typeof(CodeFixProvider).IsAssignableFrom(t) && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .FirstOrDefault(p => p.FixableDiagnosticIds.Contains(diagnosticId));

    /// <summary>The fix for <paramref name="diagnosticId"/>; fails the test when LossAnalyzers.CodeFixes has none.</summary>
    public static CodeFixProvider Require(string diagnosticId) =>
        Find(diagnosticId) ?? throw new Xunit.Sdk.XunitException(
            $"LossAnalyzers.CodeFixes has no CodeFixProvider whose FixableDiagnosticIds contains {diagnosticId} yet " +
            $"(looked in {CodeFixes.GetName().Name} {CodeFixes.GetName().Version}). This test runs the {diagnosticId} fix " +
            "and cannot pass until the fix exists.");
}
