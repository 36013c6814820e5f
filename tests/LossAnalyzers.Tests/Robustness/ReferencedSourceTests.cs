using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LossAnalyzers.Tests.Robustness;

/// <summary>
/// Symbols whose source is another compilation's: a project referenced in the same workspace (the IDE passes it as a
/// compilation reference, so its members have syntax this compilation cannot bind) and an earlier script submission (a
/// notebook's earlier cell). The analyzers must not throw there (AD0001 would drop every finding of the file) and the
/// findings of the file itself must stay.
/// </summary>
public sealed class ReferencedSourceTests
{
    private const string Library = """
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        public class Losses
        {
            public CrossEntropyLoss Criterion = CrossEntropyLoss();
            public Loss<Tensor, Tensor, Tensor> Property { get; } = CrossEntropyLoss();
            public Loss<Tensor, Tensor, Tensor> Computed => CrossEntropyLoss();
            public Tensor Weight = torch.tensor(new float[] { 1f, 2f, 3f });
            private readonly Linear head = Linear(4, 3);
            public static Loss<Tensor, Tensor, Tensor> Make() => CrossEntropyLoss();
        }

        public class Net : Module<Tensor, Tensor>
        {
            private readonly Linear head = Linear(4, 3);
            public Net() : base(nameof(Net)) { RegisterComponents(); }
            public override Tensor forward(Tensor x) => head.forward(x);
        }
        """;

    [Fact]
    public async Task Members_and_modules_of_a_referenced_project_source_do_not_throw()
    {
        var library = AnalyzerRun.Compile(new[] { Library }, withTorchSharp: true, name: "Library");
        Assert.Empty(library.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var app = AnalyzerRun.Compile(
            new[]
            {
                Verify.Usings + """
                public class App
                {
                    public Tensor A(Losses l, Tensor x, Tensor y) => l.Criterion.forward(x, y);
                    public Tensor B(Losses l, Tensor x, Tensor y) => l.Property.forward(x, y) + l.Computed.forward(x, y);
                    public Tensor C(Losses l, Tensor x, Tensor y) => CrossEntropyLoss(weight: l.Weight).forward(x, y);
                    public Tensor D(Tensor x, Tensor y) => CrossEntropyLoss().forward(new Net().forward(x), y) + Losses.Make().forward(x, y);
                    public Tensor E(Tensor x, Tensor y) => CrossEntropyLoss().forward(torch.softmax(new Net().forward(x), 1), y);
                }
                """,
            },
            withTorchSharp: true,
            name: "App").AddReferences(library.ToMetadataReference());
        Assert.Empty(app.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var (diagnostics, exceptions) = await AnalyzerRun.AnalyzeAsync(app);

        Assert.Empty(exceptions);
        Assert.Single(diagnostics, d => d.Id == "LOSS004");
    }

    [Fact]
    public async Task Variables_of_an_earlier_script_submission_do_not_throw()
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script);
        var first = CSharpCompilation.CreateScriptCompilation(
            "Cell1",
            CSharpSyntaxTree.ParseText(Verify.Usings + "var criterion = CrossEntropyLoss(); var head = Linear(4, 3); var weight = torch.tensor(new float[] { 1f, 0f, 2f });", options),
            References.All);
        var second = CSharpCompilation.CreateScriptCompilation(
            "Cell2",
            CSharpSyntaxTree.ParseText(Verify.Usings + "var x = torch.rand(8, 4); var y = torch.randint(3, 8); var loss = criterion.forward(torch.softmax(head.forward(x), 1), y) + CrossEntropyLoss(weight: weight).forward(head.forward(x), y);", options),
            References.All,
            previousScriptCompilation: first);
        Assert.Empty(second.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var (_, exceptions) = await AnalyzerRun.AnalyzeAsync(second);

        Assert.Empty(exceptions);
    }
}
