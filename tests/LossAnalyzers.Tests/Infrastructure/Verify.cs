using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace LossAnalyzers.Tests.Infrastructure;

/// <summary>The shapes every rule test takes: one rule's diagnostics, its fix (with Fix All), or no fix.</summary>
internal static class Verify
{
    /// <summary>The usings a TorchSharp user's file starts with.</summary>
    public const string Usings = """
        using System;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        """;

    /// <summary>Only rule <paramref name="id"/> is checked; markup <c>{|ID:...|}</c> gives the expected diagnostics.</summary>
    public static Task Diagnostics(string id, params string[] sources) => Diagnostics(new[] { id }, sources);

    /// <summary>Only the rules <paramref name="ids"/> are checked, for tests about which of them reports.</summary>
    public static Task Diagnostics(string[] ids, params string[] sources)
    {
        var test = new TorchAnalyzerTest<LossUsageAnalyzer>().Only(ids);
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(Usings + source);
        }

        return test.RunAsync();
    }

    /// <summary>A body placed in a method <c>Step(Tensor x, Tensor y, Tensor logits)</c> of a class.</summary>
    public static Task DiagnosticsInMethod(string id, string body, string members = "") => Diagnostics(id, InMethod(body, members));

    public static string InMethod(string body, string members = "") => $$"""
        class Trainer
        {
            {{members}}
            void Step(Tensor x, Tensor y, Tensor logits)
            {
                {{body}}
            }
        }
        """;

    public static Task Fix<TFix>(string id, string source, string fixedSource)
        where TFix : CodeFixProvider, new() => Fix<TFix>(id, new[] { source }, new[] { fixedSource });

    /// <summary>The fix by the action at <paramref name="actionIndex"/>, for a rule with more than one action per diagnostic.</summary>
    public static Task Fix<TFix>(string id, string source, string fixedSource, int actionIndex)
        where TFix : CodeFixProvider, new() => Fix<TFix>(id, new[] { source }, new[] { fixedSource }, actionIndex);

    /// <summary>The fix, one diagnostic at a time and through Fix All in document, project and solution.</summary>
    public static Task Fix<TFix>(string id, string[] sources, string[] fixedSources, int? actionIndex = null)
        where TFix : CodeFixProvider, new()
    {
        var test = new TorchCodeFixTest<LossUsageAnalyzer, TFix>().Only(id);
        test.CodeActionIndex = actionIndex;
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(Usings + source);
        }

        foreach (var source in fixedSources)
        {
            test.FixedState.Sources.Add(Usings + source);
        }

        return test.RunAsync();
    }

    /// <summary>The diagnostics are reported and no fix is offered (the code stays as it is).</summary>
    public static Task NoFix<TFix>(string id, params string[] sources)
        where TFix : CodeFixProvider, new()
    {
        var test = new TorchCodeFixTest<LossUsageAnalyzer, TFix>().Only(id);
        foreach (var source in sources)
        {
            test.TestState.Sources.Add(Usings + source);
        }

        foreach (var source in sources)
        {
            test.FixedState.Sources.Add(Usings + source);
        }

        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }
}
