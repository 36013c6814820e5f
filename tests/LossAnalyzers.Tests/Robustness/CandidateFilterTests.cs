using System.Collections.Immutable;
using LossAnalyzers.Analysis;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace LossAnalyzers.Tests.Robustness;

/// <summary>
/// The syntax pre-filter loses nothing: the shipped analyzers report exactly what the same rules report when they
/// are handed every invocation, construction, operator, compound assignment and argument through operation
/// actions, over every source of the tests and samples and over the forms the filter reads specially.
/// </summary>
public sealed class CandidateFilterTests
{
    private static readonly string[] FilterEdgeCases =
    {
        // A threshold held in a constant, a local constant, and 1.0 / 2.
        """
        class Thresholds
        {
            const float Threshold = 0.5f;
            static void Run(Tensor x, Tensor y)
            {
                const double half = 0.5;
                var loss = nn.BCEWithLogitsLoss();
                var model = nn.Linear(4, 1);
                var logits = model.forward(x).squeeze(-1);
                var l = loss.forward(logits, y);
                var a = logits > Threshold;
                var b = logits.gt(half);
                var c = logits >= 1.0 / 2;
                var d = (logits < (0.5));
            }
        }
        """,

        // A loss type behind a using alias, and a target-typed new.
        """
        using Bce = TorchSharp.Modules.BCELoss;
        class Aliased
        {
            static Tensor Run(Tensor x, Tensor y)
            {
                var criterion = new Bce();
                BCELoss other = new(weight: null);
                var p = torch.sigmoid(x);
                return criterion.forward(p, y) + other.forward(torch.sigmoid(x), y);
            }
        }
        """,

        // Zero held in constants and parenthesized (0L binds to the long dimension: no finding).
        """
        class Zeros
        {
            const int Rows = 0;
            static void Run(Tensor t)
            {
                const int none = 0;
                var a = t.sum(Rows);
                var b = t.prod(none);
                var c = t.sum((0));
                var d = t.sum(0L);
                var e = t.sum(1);
            }
        }
        """,

        // Hand weighting through casts and parentheses, and a null-conditional loss call.
        """
        class Weighted
        {
            static Tensor Run(Tensor x, Tensor y, BCEWithLogitsLoss? maybe)
            {
                var criterion = nn.BCEWithLogitsLoss(reduction: nn.Reduction.None);
                var loss = criterion.forward(x, y);
                var w = ((loss) * ((1 + (5 - 1) * y))).mean();
                loss[y == 1] *= 5;
                var m = maybe?.forward(torch.sigmoid(x), y);
                return torch.where(y == 1, loss * 5, loss).mean();
            }
        }
        """,
    };

    [Fact]
    public async Task Every_diagnostic_of_the_unfiltered_rules_is_reported_on_the_corpus()
    {
        var sources = Corpus.All.Select(Unmarked).Concat(FilterEdgeCases.Select(s => Verify.Usings + s)).ToList();
        var unfilteredIds = new HashSet<string>();
        for (var index = 0; index < sources.Count; index++)
        {
            var compilation = AnalyzerRun.Compile(new[] { sources[index] }, withTorchSharp: true, name: "Corpus" + index);
            var shipped = await AnalyzerRun.AnalyzeAsync(compilation);
            var unfiltered = await AnalyzerRun.AnalyzeAsync(compilation, analyzers: ImmutableArray.Create<DiagnosticAnalyzer>(new UnfilteredAnalyzer()));
            Assert.Empty(shipped.Exceptions);
            Assert.Empty(unfiltered.Exceptions);
            unfilteredIds.UnionWith(unfiltered.Diagnostics.Select(d => d.Id));
            Assert.Equal(Describe(unfiltered.Diagnostics), Describe(shipped.Diagnostics));
        }

        // Every rule fires somewhere in the corpus, so the comparison covers each of them.
        Assert.Equal(
            new LossUsageAnalyzer().SupportedDiagnostics.Concat(new ScalarTypeZeroAnalyzer().SupportedDiagnostics).Select(d => d.Id).Distinct().OrderBy(id => id),
            unfilteredIds.OrderBy(id => id));
    }

    [Fact]
    public async Task The_edge_cases_are_findings()
    {
        var compilation = AnalyzerRun.Compile(FilterEdgeCases.Select(s => Verify.Usings + s), withTorchSharp: true);
        var ids = (await AnalyzerRun.AnalyzeAsync(compilation)).Diagnostics.Select(d => d.Id).ToList();
        Assert.Equal(4, ids.Count(id => id == "LOSS011"));
        Assert.Equal(2, ids.Count(id => id == "LOSS001"));
        Assert.Equal(1, ids.Count(id => id == "LOSS002"));
        Assert.Equal(3, ids.Count(id => id == "LOSS013"));
        Assert.Equal(3, ids.Count(id => id == "LOSS010"));
    }

    /// <summary>The test sources without their diagnostic markup (<c>[|x|]</c>, <c>{|LOSS001:x|}</c>), so that they compile.</summary>
    private static string Unmarked(string source) =>
        System.Text.RegularExpressions.Regex.Replace(source, @"\[\||\|\]|\{\|[A-Z]+[0-9]+:|\|\}", string.Empty);

    private static string[] Describe(ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()}").OrderBy(s => s, StringComparer.Ordinal).ToArray();

    /// <summary>The same rules, driven by operation actions on every node of the kinds they read: the reference.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class UnfilteredAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            new LossUsageAnalyzer().SupportedDiagnostics.AddRange(new ScalarTypeZeroAnalyzer().SupportedDiagnostics);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                if (LossAnalysis.TryCreate(start.Compilation) is not { } analysis)
                {
                    return;
                }

                start.RegisterOperationAction(
                    c => LossUsageAnalyzer.AnalyzeOperation(c.Operation, analysis, new DiagnosticSink(c.ReportDiagnostic, c.CancellationToken)),
                    OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.Binary, OperationKind.CompoundAssignment);
                if (analysis.Symbols.ScalarType is { } scalarType)
                {
                    start.RegisterOperationAction(
                        c => ScalarTypeZeroAnalyzer.AnalyzeArgument((IArgumentOperation)c.Operation, analysis.Symbols, scalarType, new DiagnosticSink(c.ReportDiagnostic, c.CancellationToken)),
                        OperationKind.Argument);
                }
            });
        }
    }
}
