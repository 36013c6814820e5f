using System.Collections.Immutable;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace LossAnalyzers.Tests.Robustness;

/// <summary>Projects without TorchSharp pay nothing: the analyzers register no action on their code.</summary>
public sealed class RegistrationTests
{
    private const string PlainCode = """
        using System;
        using System.Linq;

        public static class Statistics
        {
            public static double Mean(double[] values) => values.Sum() / values.Length;
            public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
            public static bool Positive(double x) => Sigmoid(x) > 0.5;
        }
        """;

    [Fact]
    public async Task A_compilation_without_TorchSharp_gets_no_per_node_action()
    {
        var compilation = AnalyzerRun.Compile(new[] { PlainCode }, withTorchSharp: false);
        foreach (var analyzer in AnalyzerRun.Analyzers())
        {
            var telemetry = await Telemetry(compilation, analyzer);
            Assert.Equal(1, telemetry.CompilationStartActionsCount);
            Assert.Equal(0, telemetry.OperationActionsCount + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount);
            Assert.Equal(0, telemetry.SyntaxNodeActionsCount + telemetry.SyntaxTreeActionsCount + telemetry.SemanticModelActionsCount);
            Assert.Equal(0, telemetry.SymbolActionsCount + telemetry.SymbolStartActionsCount + telemetry.CodeBlockActionsCount);
            Assert.Equal(0, telemetry.CompilationEndActionsCount + telemetry.CompilationActionsCount);
        }
    }

    /// <summary>
    /// With TorchSharp: one pass per tree, which binds only the candidates of the syntax pre-filter; no operation
    /// action, which would have the driver bind every method body for the analyzers.
    /// </summary>
    [Fact]
    public async Task A_compilation_with_TorchSharp_gets_one_pass_per_tree()
    {
        var compilation = AnalyzerRun.Compile(new[] { Verify.Usings + PlainCode }, withTorchSharp: true);
        foreach (var analyzer in AnalyzerRun.Analyzers())
        {
            var telemetry = await Telemetry(compilation, analyzer);
            Assert.Equal(1, telemetry.SemanticModelActionsCount);
            Assert.Equal(0, telemetry.OperationActionsCount + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount);
            Assert.Equal(0, telemetry.SyntaxNodeActionsCount + telemetry.SyntaxTreeActionsCount);
        }
    }

    private static Task<AnalyzerTelemetryInfo> Telemetry(Compilation compilation, DiagnosticAnalyzer analyzer)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true);
        return compilation.WithAnalyzers(ImmutableArray.Create(analyzer), options).GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
    }
}
