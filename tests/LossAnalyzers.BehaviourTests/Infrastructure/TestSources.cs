using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>How test programs are parsed and compiled, the same for running them and for fixing them.</summary>
internal static class TestSources
{
    /// <summary>The usings a TorchSharp user writes at the top of a file.</summary>
    public const string Usings = """
        using System;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        """;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        optimizationLevel: OptimizationLevel.Release);

    public static string FileName(int index) => $"File{index}.cs";

    /// <summary>The sources, numbered, for failure messages.</summary>
    public static string Listing(IReadOnlyList<string> sources) =>
        string.Join("\n", sources.Select((source, i) => $"// ---- {FileName(i)}\n{source}"));

    /// <summary>Fails the test with every error (and the sources) when the compilation has errors.</summary>
    public static void AssertNoErrors(Compilation compilation, IReadOnlyList<string> sources, string what)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            Assert.Fail($"{what} does not compile:\n{string.Join("\n", errors)}\n\n{Listing(sources)}");
        }
    }
}
