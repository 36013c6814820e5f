namespace LossAnalyzers.Tests.CarrierMatrix;

/// <summary>
/// One rule's positive case and its clean twin, with one value the carriers hand on: <see cref="Core"/> is what the value
/// is made from, <see cref="Template"/> the expression <c>Step</c> returns with <c>{v}</c> where the carried value
/// arrives (lines before the last are statements that run first). <see cref="MatrixProgram.Marker"/> stands in front of each expression the rule reports on; the twin
/// (the logits, or the right target or weight) must get no diagnostic at all.
/// </summary>
internal sealed record MatrixCase(
    string Rule,
    string Slot,
    ValueKind Kind,
    string Core,
    string Template,
    string TwinCore,
    string TwinTemplate,
    string? Setup = null)
{
    /// <summary>Whether the core may sit in a member (a field initializer, a static helper): it reads nothing of the training step.</summary>
    public bool CoreIsMemberSafe(bool twin) => !StepNames.IsMatch(twin ? TwinCore : Core);

    private static readonly System.Text.RegularExpressions.Regex StepNames = new(@"\b(x|y|scores|head1|head3)\b");

    public override string ToString() => $"{Rule} ({Slot})";
}

/// <summary>The cases: every flow rule, each value it depends on carried in turn.</summary>
internal static class MatrixCases
{
    private const string M = MatrixProgram.Marker;
    private const string Sigmoid = "torch.sigmoid(head1.forward(x))";
    private const string Logits = "head1.forward(x)";
    private const string Logits3 = "head3.forward(x)";
    private const string Single = "head1.forward(x).squeeze(-1)";
    private const string Vector = "torch.tensor(new float[] { 1f, 2f, 3f, 4f })";
    private const string Other = "head3.forward(x).sum(1)";
    private const string CtcRest = "torch.tensor(new long[] { 1, 2 }), torch.tensor(new long[] { 4 }), torch.tensor(new long[] { 2 })";
    private const string ZeroOneLabels = "torch.tensor(new float[] { 1f, 0f, 1f, 0f })";
    private const string PlusMinusLabels = "torch.tensor(new float[] { 1f, -1f, 1f, -1f })";

    public static readonly IReadOnlyList<MatrixCase> All = new MatrixCase[]
    {
        new("LOSS001", "input", ValueKind.Tensor, Sigmoid, $"BCELoss().forward({M}{{v}}, y)", Logits, "BCEWithLogitsLoss().forward({v}, y)"),
        new("LOSS001", "model", ValueKind.Model, "Sequential(Linear(4, 1), Sigmoid())", $"BCELoss().forward({M}{{v}}.forward(x), y)", "Sequential(Linear(4, 1))", "BCEWithLogitsLoss().forward({v}.forward(x), y)"),
        new("LOSS001", "loss", ValueKind.Loss, "BCELoss()", $"{{v}}.forward({M}{Sigmoid}, y)", "BCEWithLogitsLoss()", $"{{v}}.forward({Logits}, y)"),

        new("LOSS002", "input", ValueKind.Tensor, Sigmoid, $"BCEWithLogitsLoss().forward({M}{{v}}, y)", Logits, "BCEWithLogitsLoss().forward({v}, y)"),
        new("LOSS002", "model", ValueKind.Model, "Sequential(Linear(4, 1), Sigmoid())", $"BCEWithLogitsLoss().forward({M}{{v}}.forward(x), y)", "Sequential(Linear(4, 1))", "BCEWithLogitsLoss().forward({v}.forward(x), y)"),
        new("LOSS002", "loss", ValueKind.Loss, "BCEWithLogitsLoss()", $"{{v}}.forward({M}{Sigmoid}, y)", "BCEWithLogitsLoss()", $"{{v}}.forward({Logits}, y)"),

        new("LOSS003", "input", ValueKind.Tensor, Logits, $"CrossEntropyLoss().forward({M}{{v}}, y)", Logits3, "CrossEntropyLoss().forward({v}, y)"),
        new("LOSS003", "model", ValueKind.Model, "Linear(4, 1)", $"CrossEntropyLoss().forward({M}{{v}}.forward(x), y)", "Linear(4, 3)", "CrossEntropyLoss().forward({v}.forward(x), y)"),
        new("LOSS003", "loss", ValueKind.Loss, "CrossEntropyLoss()", $"{{v}}.forward({M}{Logits}, y)", "CrossEntropyLoss()", $"{{v}}.forward({Logits3}, y)"),

        new("LOSS004", "input", ValueKind.Tensor, "torch.softmax(head3.forward(x), 1)", $"CrossEntropyLoss().forward({M}{{v}}, y)", Logits3, "CrossEntropyLoss().forward({v}, y)"),
        new("LOSS004", "model", ValueKind.Model, "Sequential(Linear(4, 3), Softmax(1))", $"CrossEntropyLoss().forward({M}{{v}}.forward(x), y)", "Sequential(Linear(4, 3))", "CrossEntropyLoss().forward({v}.forward(x), y)"),
        new("LOSS004", "loss", ValueKind.Loss, "CrossEntropyLoss()", $"{{v}}.forward({M}head3.forward(x).softmax(1), y)", "CrossEntropyLoss()", $"{{v}}.forward({Logits3}, y)"),

        new("LOSS005", "input", ValueKind.Tensor, "head3.forward(x).softmax(1)", $"NLLLoss().forward({M}{{v}}, y)", "head3.forward(x).log_softmax(1)", "NLLLoss().forward({v}, y)"),
        new("LOSS005", "model", ValueKind.Model, "Sequential(Linear(4, 3), Softmax(1))", $"NLLLoss().forward({M}{{v}}.forward(x), y)", "Sequential(Linear(4, 3), LogSoftmax(1))", "NLLLoss().forward({v}.forward(x), y)"),
        new("LOSS005", "loss", ValueKind.Loss, "NLLLoss()", $"{{v}}.forward({M}functional.softmax(head3.forward(x), 1), y)", "NLLLoss()", "{v}.forward(functional.log_softmax(head3.forward(x), 1), y)"),

        new("LOSS006", "input", ValueKind.Tensor, Single, $"BCEWithLogitsLoss(pos_weights: {M}torch.tensor(new float[] {{ 1f, 6f }})).forward({{v}}, y)", Single, "BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 6f })).forward({v}, y)"),
        new("LOSS006", "weight", ValueKind.Tensor, "torch.tensor(new float[] { 1f, 6f })", $"BCEWithLogitsLoss(pos_weights: {M}{{v}}).forward({Single}, y)", "torch.tensor(new float[] { 6f })", $"BCEWithLogitsLoss(pos_weights: {{v}}).forward({Single}, y)"),
        new("LOSS006", "loss", ValueKind.Loss, $"BCEWithLogitsLoss(pos_weights: {M}torch.tensor(new float[] {{ 1f, 6f }}))", $"{{v}}.forward({Single}, y)", "BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 6f }))", $"{{v}}.forward({Single}, y)"),

        new("LOSS007", "input", ValueKind.Tensor, Single, $"BCEWithLogitsLoss(weight: {M}torch.tensor(new float[] {{ 1f, 6f }})).forward({{v}}, y)", Single, "BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 6f })).forward({v}, y)"),
        new("LOSS007", "loss", ValueKind.Loss, $"BCEWithLogitsLoss(weight: {M}torch.tensor(new float[] {{ 1f, 6f }}))", $"{{v}}.forward({Single}, y)", "BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] { 6f }))", $"{{v}}.forward({Single}, y)"),

        new("LOSS008", "weight", ValueKind.Tensor, "torch.tensor(new float[] { 1f, 0f, 2f })", $"CrossEntropyLoss(weight: {M}{{v}}).forward({Logits3}, y)", "torch.tensor(new float[] { 1f, 0.5f, 2f })", $"CrossEntropyLoss(weight: {{v}}).forward({Logits3}, y)"),
        new("LOSS008", "loss", ValueKind.Loss, $"CrossEntropyLoss(weight: {M}torch.tensor(new float[] {{ 1f, 0f, 2f }}))", $"{{v}}.forward({Logits3}, y)", "CrossEntropyLoss(weight: torch.tensor(new float[] { 1f, 0.5f, 2f }))", $"{{v}}.forward({Logits3}, y)"),

        new("LOSS009", "target", ValueKind.Tensor, "torch.tensor(new long[] { 1, 0, 1, 1 })", $"BCEWithLogitsLoss().forward({Single}, {M}{{v}})", "torch.tensor(new float[] { 1f, 0f, 1f, 1f })", $"BCEWithLogitsLoss().forward({Single}, {{v}})"),
        new("LOSS009", "loss", ValueKind.Loss, "BCEWithLogitsLoss()", $"{{v}}.forward({Single}, {M}torch.tensor(new long[] {{ 1, 0, 1, 1 }}))", "BCEWithLogitsLoss()", $"{{v}}.forward({Single}, torch.tensor(new float[] {{ 1f, 0f, 1f, 1f }}))"),

        new("LOSS010", "unreduced loss", ValueKind.Tensor, $"BCEWithLogitsLoss(reduction: Reduction.None).forward({Logits}, y)", $"var unreduced = {{v}};\n{M}torch.where(y == 1, unreduced * 5.0, unreduced).mean()", $"BCEWithLogitsLoss(pos_weights: torch.tensor(5f), reduction: Reduction.None).forward({Logits}, y)", "{v}.mean()"),

        new("LOSS011", "compared value", ValueKind.Tensor, "scores", $"BCEWithLogitsLoss().forward(scores, y) + ({M}{{v}} > 0.5).to_type(ScalarType.Float32).mean()", "torch.sigmoid(scores)", "BCEWithLogitsLoss().forward(scores, y) + ({v} > 0.5).to_type(ScalarType.Float32).mean()", "var scores = head1.forward(x);"),

        new("LOSS012", "loss", ValueKind.Loss, $"{M}BCELoss()", $"{{v}}.forward({Logits}, y)", "BCEWithLogitsLoss()", $"{{v}}.forward({Logits}, y)"),

        new("LOSS014", "input", ValueKind.Tensor, "head3.forward(x).softmax(1)", $"KLDivLoss(log_target: false, reduction: Reduction.Sum).forward({M}{{v}}, y.softmax(1))", "head3.forward(x).log_softmax(1)", "KLDivLoss(log_target: false, reduction: Reduction.Sum).forward({v}, y.softmax(1))"),
        new("LOSS014", "loss", ValueKind.Loss, "KLDivLoss(log_target: false, reduction: Reduction.Sum)", $"{{v}}.forward({M}head3.forward(x).softmax(1), y.softmax(1))", "KLDivLoss(log_target: false, reduction: Reduction.Sum)", "{v}.forward(head3.forward(x).log_softmax(1), y.softmax(1))"),

        new("LOSS015", "target", ValueKind.Tensor, "y.softmax(1)", $"KLDivLoss(log_target: true, reduction: Reduction.Sum).forward(head3.forward(x).log_softmax(1), {M}{{v}})", "y.log_softmax(1)", "KLDivLoss(log_target: true, reduction: Reduction.Sum).forward(head3.forward(x).log_softmax(1), {v})"),
        new("LOSS015", "loss", ValueKind.Loss, "KLDivLoss(log_target: true, reduction: Reduction.Sum)", $"{{v}}.forward(head3.forward(x).log_softmax(1), {M}y.softmax(1))", "KLDivLoss(log_target: true, reduction: Reduction.Sum)", "{v}.forward(head3.forward(x).log_softmax(1), y.log_softmax(1))"),

        new("LOSS016", "loss", ValueKind.Loss, $"{M}KLDivLoss(reduction: Reduction.Sum)", "{v}.forward(head3.forward(x).log_softmax(1), y)", "KLDivLoss(log_target: true, reduction: Reduction.Sum)", "{v}.forward(head3.forward(x).log_softmax(1), y)"),

        new("LOSS017", "loss", ValueKind.Loss, $"KLDivLoss(log_target: false, reduction: {M}Reduction.Mean)", "{v}.forward(head3.forward(x).log_softmax(1), y.softmax(1))", "KLDivLoss(log_target: false, reduction: Reduction.Sum)", "{v}.forward(head3.forward(x).log_softmax(1), y.softmax(1))"),

        new("LOSS018", "target", ValueKind.Tensor, "torch.tensor(new int[] { 0, 2, 1, 1 })", $"CrossEntropyLoss().forward({Logits3}, {M}{{v}})", "torch.tensor(new long[] { 0, 2, 1, 1 })", $"CrossEntropyLoss().forward({Logits3}, {{v}})"),
        new("LOSS019", "input", ValueKind.Tensor, Logits, $"{M}MSELoss().forward({{v}}, {Vector})", Single, $"MSELoss().forward({{v}}, {Vector})"),
        new("LOSS019", "target", ValueKind.Tensor, Vector, $"{M}functional.l1_loss({Logits}, {{v}})", $"{Vector}.unsqueeze(-1)", $"functional.l1_loss({Logits}, {{v}})"),
        new("LOSS019", "loss", ValueKind.Loss, "HuberLoss()", $"{M}{{v}}.forward({Logits}, {Vector})", "HuberLoss()", $"{{v}}.forward({Single}, {Vector})"),
        new("LOSS020", "target", ValueKind.Tensor, ZeroOneLabels, $"functional.margin_ranking_loss({Single}, {Other}, {M}{{v}})", PlusMinusLabels, $"functional.margin_ranking_loss({Single}, {Other}, {{v}})"),
        new("LOSS020", "loss", ValueKind.PairLoss, "MarginRankingLoss(margin: 0.5)", $"{{v}}.forward({Single}, {Other}, {M}{ZeroOneLabels})", "MarginRankingLoss(margin: 0.5)", $"{{v}}.forward({Single}, {Other}, {PlusMinusLabels})"),
        new("LOSS020", "hinge loss", ValueKind.Loss, "new HingeEmbeddingLoss(margin: 1.0)", $"{{v}}.forward({Single}, {M}{ZeroOneLabels})", "new HingeEmbeddingLoss(margin: 1.0)", $"{{v}}.forward({Single}, {PlusMinusLabels})"),
        new("LOSS020", "multi-label target", ValueKind.Tensor, "(y > 0).to_type(ScalarType.Float32) * 2 - 1", $"functional.multilabel_soft_margin_loss({Logits3}, {M}{{v}})", "(y > 0).to_type(ScalarType.Float32)", $"functional.multilabel_soft_margin_loss({Logits3}, {{v}})"),
        new("LOSS021", "input", ValueKind.Tensor, Logits3, $"functional.ctc_loss({M}{{v}}, {CtcRest})", $"{Logits3}.log_softmax(-1)", $"functional.ctc_loss({{v}}, {CtcRest})"),
        new("LOSS021", "loss", ValueKind.SequenceLoss, "CTCLoss()", $"{{v}}.forward({M}head3.forward(x).softmax(-1), {CtcRest})", "CTCLoss()", $"{{v}}.forward(head3.forward(x).log_softmax(-1), {CtcRest})"),
        new("LOSS021", "unreduced loss", ValueKind.Tensor, $"functional.ctc_loss({Logits3}.log_softmax(-1), {CtcRest}, reduction: Reduction.None)", $"{M}{{v}}.clamp_max(100).mean()", $"functional.ctc_loss({Logits3}.log_softmax(-1), {CtcRest}, zero_infinity: true, reduction: Reduction.None)", "{v}.mean()"),
        new("LOSS023", "variance", ValueKind.Tensor, $"{Logits3}.exp()", $"{M}functional.gaussian_nll_loss({Logits3}, y, {{v}})", "torch.ones(4, 3)", $"functional.gaussian_nll_loss({Logits3}, y, {{v}})"),
        new("LOSS023", "loss", ValueKind.PairLoss, "GaussianNLLLoss(eps: 1e-6f)", $"{M}{{v}}.forward({Logits3}, y, {Logits3}.exp())", "GaussianNLLLoss(eps: 1e-6f)", $"{{v}}.forward({Logits3}, y, torch.ones(4, 3))"),
        new("LOSS024", "loss value", ValueKind.Tensor, "functional.mse_loss(head1.forward(x), y)", $"var total = torch.zeros(1);\nfor (var i = 0; i < 3; i++) {{ {M}total += {{v}}; }}\nConsole.WriteLine(total.item<float>());\n{Logits}", "functional.mse_loss(head1.forward(x), y).detach()", $"var total = torch.zeros(1);\nfor (var i = 0; i < 3; i++) {{ total += {{v}}; }}\nConsole.WriteLine(total.item<float>());\n{Logits}"),
        new("LOSS024", "loss", ValueKind.Loss, "MSELoss()", $"var losses = new List<Tensor>();\nforeach (var batch in new[] {{ x, x }}) {{ {M}losses.Add({{v}}.forward(head1.forward(batch), y)); }}\nConsole.WriteLine(losses.Count);\n{Logits}", "MSELoss()", $"var losses = new List<Tensor>();\nusing (torch.no_grad()) {{ foreach (var batch in new[] {{ x, x }}) {{ losses.Add({{v}}.forward(head1.forward(batch), y)); }} }}\nConsole.WriteLine(losses.Count);\n{Logits}"),
        new("LOSS022", "loss", ValueKind.Loss, $"{M}new HingeEmbeddingLoss()", $"{{v}}.forward({Single}, y)", "new HingeEmbeddingLoss(margin: 1.0)", $"{{v}}.forward({Single}, y)"),

        new("LOSS018", "loss", ValueKind.Loss, "CrossEntropyLoss()", $"{{v}}.forward({Logits3}, {M}torch.tensor(new int[] {{ 0, 2, 1, 1 }}))", "CrossEntropyLoss()", $"{{v}}.forward({Logits3}, torch.tensor(new long[] {{ 0, 2, 1, 1 }}))"),
    };
}
