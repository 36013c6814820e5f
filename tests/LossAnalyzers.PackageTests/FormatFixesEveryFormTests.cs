using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LossAnalyzers.PackageTests;

/// <summary>
/// <c>dotnet format analyzers</c> applies every diagnostic of a rule with the equivalence key of the first one. A
/// project holding both forms of the LOSS004 fix (softmax removed; a hand-built [p, 1 - p] turned into one logit), both
/// forms of LOSS005 (log_softmax; CrossEntropyLoss), both forms of LOSS014 (log_softmax; .log_softmax(-1) on a raw
/// output), a LOSS015 (log_target: false) and a LOSS002 in a forward that reassigns its parameter is fixed
/// in one run: it builds, runs, and only the warnings that have no fix remain.
/// </summary>
[Collection(PackagesCollection.Name)]
public sealed class FormatFixesEveryFormTests
{
    private const string Program = """
        using System;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        public sealed class Scorer : Module<Tensor, Tensor>
        {
            private readonly Linear head = Linear(4, 1);

            public Scorer() : base(nameof(Scorer)) { RegisterComponents(); }

            public override Tensor forward(Tensor x)
            {
                x = head.forward(x);
                x = torch.sigmoid(x);
                return x;
            }
        }

        public static class Program
        {
            public static void Main()
            {
                torch.manual_seed(7);
                var x = torch.randn(8, 4);
                var labels = torch.tensor(new long[] { 0, 1, 2, 1, 0, 2, 1, 0 });
                var binaryLabels = torch.tensor(new long[] { 0, 1, 1, 0, 1, 0, 0, 1 });
                var binaryTargets = torch.tensor(new float[] { 0, 1, 1, 0, 1, 0, 0, 1 }).view(-1, 1);
                var head3 = Linear(4, 3);
                var head1 = Linear(4, 1);

                var softmaxLoss = CrossEntropyLoss().forward(torch.softmax(head3.forward(x), 1), labels);
                var p = head1.forward(x).sigmoid();
                var twoColumnLoss = functional.cross_entropy(torch.cat(new[] { 1 - p, p }, 1), binaryLabels);

                var nllOnSoftmax = functional.nll_loss(functional.softmax(head3.forward(x), 1), labels);
                var nllOnRaw = NLLLoss().forward(head3.forward(x), labels);

                var scorer = new Scorer();
                var twiceSigmoid = BCEWithLogitsLoss().forward(scorer.forward(x), binaryTargets);

                var student = Linear(4, 3);
                var klOnSoftmax = functional.kl_div(torch.softmax(student.forward(x), 1), torch.softmax(head3.forward(x), 1), log_target: false, reduction: Reduction.Sum) / x.shape[0];
                var klOnRaw = KLDivLoss(log_target: false, reduction: Reduction.Sum).forward(student.forward(x), torch.softmax(head3.forward(x), 1)) / x.shape[0];
                var distillation = functional.kl_div(functional.log_softmax(student.forward(x), 1), functional.softmax(head3.forward(x), 1), reduction: Reduction.Sum) / x.shape[0];

                var zeroWeight = CrossEntropyLoss(weight: torch.tensor(new float[] { 1f, 0f, 2f })).forward(head3.forward(x), labels);

                foreach (var loss in new[] { softmaxLoss, twoColumnLoss, nllOnSoftmax, nllOnRaw, twiceSigmoid, klOnSoftmax, klOnRaw, distillation, zeroWeight })
                {
                    Console.WriteLine("LOSS=" + loss.item<float>().ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }

        """;

    private readonly PackageFeed feed;
    private readonly ITestOutputHelper log;

    public FormatFixesEveryFormTests(PackageFeed feed, ITestOutputHelper log)
    {
        this.feed = feed;
        this.log = log;
    }

    [Fact]
    public void Every_form_of_every_fixable_rule_is_fixed_in_one_run()
    {
        feed.AssertPacked();
        using var consumer = ConsumerProject.Create(feed, ConsumerProject.FindMachinePackages(), Program);

        var build = Step("build before the fix", consumer.Build);
        Assert.True(build.Succeeded, build.Describe());
        var before = BuildDiagnostic.Parse(build.Output).Where(d => d.Id.StartsWith("LOSS", StringComparison.Ordinal)).ToList();
        var expected = new Dictionary<string, int> { ["LOSS002"] = 1, ["LOSS004"] = 2, ["LOSS005"] = 2, ["LOSS008"] = 1, ["LOSS014"] = 2, ["LOSS015"] = 1 };
        foreach (var (id, count) in expected)
        {
            Assert.True(before.Count(d => d.Id == id) == count,
                $"Expected {count} {id} before the fix, found {before.Count(d => d.Id == id)}.{Environment.NewLine}{build.Describe()}");
        }

        Assert.True(Step("run before the fix", consumer.Run).Succeeded);

        var format = Step("dotnet format analyzers", () => consumer.Format("LOSS002", "LOSS004", "LOSS005", "LOSS008", "LOSS014", "LOSS015"));
        Assert.True(format.Succeeded, format.Describe());
        var fixedProgram = consumer.ReadProgram();
        var context = $"{Environment.NewLine}--- Program.cs after the fix ---{Environment.NewLine}{fixedProgram}{Environment.NewLine}{format.Describe()}";
        Assert.False(fixedProgram.Contains("torch.sigmoid(x)", StringComparison.Ordinal), "The sigmoid in Scorer.forward should be gone." + context);
        Assert.True(fixedProgram.Contains("binary_cross_entropy_with_logits(", StringComparison.Ordinal), "The [p, 1 - p] should become one logit with BCE." + context);
        Assert.True(fixedProgram.Contains("log_softmax(", StringComparison.Ordinal), "The softmax into nll_loss should become log_softmax." + context);
        Assert.True(Regex.IsMatch(fixedProgram, @"\bCrossEntropyLoss\(\)\.forward\(head3\.forward\(x\), labels\)"), "Both CrossEntropyLoss on raw scores and on the removed softmax should remain." + context);
        Assert.True(fixedProgram.Contains("student.forward(x).log_softmax(-1)", StringComparison.Ordinal), "The raw output into KLDivLoss should get log_softmax(-1)." + context);
        Assert.True(fixedProgram.Contains("functional.kl_div(student.forward(x).log_softmax(1)", StringComparison.Ordinal), "The softmax input of kl_div should become log_softmax." + context);
        Assert.True(fixedProgram.Contains("reduction: Reduction.Sum, log_target: false)", StringComparison.Ordinal), "The distillation kl_div should get log_target: false." + context);

        var rebuild = Step("build after the fix", consumer.Build);
        Assert.True(rebuild.Succeeded, rebuild.Describe() + context);
        var after = BuildDiagnostic.Parse(rebuild.Output).Where(d => d.Id.StartsWith("LOSS", StringComparison.Ordinal)).ToList();
        Assert.True(after.All(d => d.Id == "LOSS008") && after.Count == 1,
            $"Only the fix-less LOSS008 may remain, found: {string.Join(", ", after.Select(d => $"{d.Id} at ({d.Line},{d.Column})"))}.{Environment.NewLine}{rebuild.Describe()}{context}");

        var run = Step("run after the fix", consumer.Run);
        Assert.True(run.Succeeded, run.Describe() + context);
    }

    private ProcessResult Step(string name, Func<ProcessResult> action) => log.Step(name, action);
}
