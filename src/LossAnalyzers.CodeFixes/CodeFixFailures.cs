using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// Where a fix that failed unexpectedly is reported instead of throwing into the IDE or <c>dotnet format</c>: the
/// fix is withheld, and tests (the fix oracle) subscribe here so that a swallowed failure still fails them.
/// </summary>
internal static class CodeFixFailures
{
    public static event Action<string, ImmutableArray<Diagnostic>, Exception>? Raised;

    public static void Report(string rule, ImmutableArray<Diagnostic> diagnostics, Exception exception) =>
        Raised?.Invoke(rule, diagnostics, exception);
}
