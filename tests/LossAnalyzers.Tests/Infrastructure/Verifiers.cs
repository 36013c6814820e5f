using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace LossAnalyzers.Tests.Infrastructure;

/// <summary>Analyzer tests against .NET 8 and TorchSharp, without network access at test time.</summary>
internal sealed class TorchAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public TorchAnalyzerTest(bool withTorchSharp = true)
    {
        // ReferenceAssemblies.Net.Net80 would download a package; the references are added directly instead.
        ReferenceAssemblies = new ReferenceAssemblies("net8.0");
        TestState.AdditionalReferences.AddRange(withTorchSharp ? References.All : References.Net80);

        // A rule worded by case has a descriptor per case, all with its ID: markup names the rule, not the case.
        MarkupOptions = MarkupOptions.UseFirstDescriptor;
    }

    /// <summary>Checks only the given rules: a test about one rule is not about the others the analyzer also reports.</summary>
    public TorchAnalyzerTest<TAnalyzer> Only(params string[] ids)
    {
        DisabledDiagnostics.AddRange(new TAnalyzer().SupportedDiagnostics.Select(d => d.Id).Where(id => !ids.Contains(id)));
        return this;
    }
}

/// <summary>Code fix tests against .NET 8 and TorchSharp.</summary>
internal sealed class TorchCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public TorchCodeFixTest()
    {
        ReferenceAssemblies = new ReferenceAssemblies("net8.0");
        TestState.AdditionalReferences.AddRange(References.All);
        FixedState.AdditionalReferences.AddRange(References.All);
        MarkupOptions = MarkupOptions.UseFirstDescriptor;
    }

    /// <summary>Checks only the given rules, before and after the fix.</summary>
    public TorchCodeFixTest<TAnalyzer, TCodeFix> Only(params string[] ids)
    {
        DisabledDiagnostics.AddRange(new TAnalyzer().SupportedDiagnostics.Select(d => d.Id).Where(id => !ids.Contains(id)));
        return this;
    }
}
