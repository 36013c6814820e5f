using System.Text;

namespace LossAnalyzers.AnalyzerBenchmarks;

/// <summary>
/// A large TorchSharp project, generated: model classes, Sequential factories, training loops with their losses and
/// metrics, data pipelines and plain C# helpers, about 100 lines a file, with a few percent of the files carrying one
/// of the mistakes the rules find. Deterministic for a seed, so every run measures the same code.
/// </summary>
public static class ProjectGenerator
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using TorchSharp;
        using TorchSharp.Modules;
        using static TorchSharp.torch;
        using static TorchSharp.torch.nn;

        """;

    /// <param name="dense">Only models, Sequential factories and training loops (no data pipelines or plain helpers):
    /// code where nearly every file holds something the rules look at.</param>
    public static IReadOnlyList<(string Path, string Text)> Generate(int files, int seed = 7, bool dense = false)
    {
        var random = new Random(seed);
        var result = new List<(string, string)>(files);
        for (var i = 0; i < files; i++)
        {
            // Every 33rd model and trainer file carries a mistake a rule reports: about 3% of the files with losses.
            var mistake = i % 33 == 0 || i % 33 == 2;
            var text = (dense ? i % 3 : i % 5) switch
            {
                0 => Model(i, random, mistake),
                1 => Factory(i, random),
                2 => Trainer(i, random, mistake),
                3 => Pipeline(i, random),
                _ => Helpers(i, random),
            };
            result.Add(($"Generated{i:D4}.cs", text));
        }

        return result;
    }

    public static int CountLines(IEnumerable<(string Path, string Text)> files) => files.Sum(f => f.Text.Count(c => c == '\n') + 1);

    private static string Model(int i, Random random, bool mistake)
    {
        var hidden = 16 << random.Next(4);
        var classes = mistake || random.Next(2) == 0 ? 1 : 2 + random.Next(8);
        var output = mistake && classes == 1 ? "torch.sigmoid(head.forward(h))" : "head.forward(h)";
        var body = new StringBuilder();
        body.Append(Usings);
        body.AppendLine($$"""
            namespace Generated.Models;

            /// <summary>A generated model with {{hidden}} hidden units and {{classes}} outputs.</summary>
            public sealed class Net{{i}} : Module<Tensor, Tensor>
            {
                private readonly Linear input = Linear({{8 + random.Next(64)}}, {{hidden}});
                private readonly Linear middle = Linear({{hidden}}, {{hidden}});
                private readonly Module<Tensor, Tensor> dropout = Dropout(0.{{1 + random.Next(5)}});
                private readonly Linear head = Linear({{hidden}}, {{classes}});
                private readonly LayerNorm norm = LayerNorm({{hidden}});

                public Net{{i}}() : base(nameof(Net{{i}}))
                {
                    RegisterComponents();
                }

                public int Outputs => {{classes}};

                public override Tensor forward(Tensor x)
                {
                    using var scope = NewDisposeScope();
                    var h = functional.relu(input.forward(x));
                    h = norm.forward(h);
                    for (var block = 0; block < {{1 + random.Next(3)}}; block++)
                    {
                        var residual = h;
                        h = functional.gelu(middle.forward(h));
                        h = dropout.forward(h) + residual;
                    }

                    return {{output}}.MoveToOuterDisposeScope();
                }

                public Tensor Embed(Tensor x)
                {
                    var h = functional.relu(input.forward(x));
                    return norm.forward(h).detach();
                }

                public long ParameterCount() => parameters().Sum(p => p.numel());

                public void Freeze(bool frozen)
                {
                    foreach (var parameter in parameters())
                    {
                        parameter.requires_grad = !frozen;
                    }
                }

                public Tensor Predict(Tensor x)
                {
                    eval();
                    using var _ = torch.no_grad();
                    var output = forward(x);
                    return Outputs == 1 ? output.squeeze(-1) : output.argmax(1);
                }

                public float Fit(Tensor x, Tensor y, int steps)
                {
                    var optimizer = torch.optim.SGD(parameters(), 0.01);
                    var criterion = {{(mistake ? "BCELoss()" : classes == 1 ? "BCEWithLogitsLoss()" : "CrossEntropyLoss()")}};
                    var last = 0f;
                    for (var step = 0; step < steps; step++)
                    {
                        optimizer.zero_grad();
                        var output = forward(x);
                        var loss = criterion.forward({{(classes == 1 ? "output.squeeze(-1)" : "output")}}, y);
                        loss.backward();
                        optimizer.step();
                        last = loss.item<float>();
                    }

                    return last;
                }

                public Dictionary<string, long> Shapes() => named_parameters()
                    .ToDictionary(p => p.name, p => p.parameter.numel());
            }
            """);
        return body.ToString();
    }

    private static string Factory(int i, Random random)
    {
        var width = 32 + random.Next(96);
        var classes = 2 + random.Next(10);
        return Usings + $$"""
            namespace Generated.Factories;

            public static class Builder{{i}}
            {
                public static Sequential Classifier(int inputs) => Sequential(
                    ("fc1", Linear(inputs, {{width}})),
                    ("act1", ReLU()),
                    ("drop", Dropout(0.2)),
                    ("fc2", Linear({{width}}, {{width / 2}})),
                    ("act2", ReLU()),
                    ("head", Linear({{width / 2}}, {{classes}})));

                public static Sequential Scorer(int inputs) => Sequential(
                    Linear(inputs, {{width}}),
                    Tanh(),
                    Linear({{width}}, 1));

                public static Sequential Encoder(int inputs, int depth)
                {
                    var layers = new List<Module<Tensor, Tensor>>();
                    for (var layer = 0; layer < depth; layer++)
                    {
                        layers.Add(Linear(layer == 0 ? inputs : {{width}}, {{width}}));
                        layers.Add(ReLU());
                    }

                    return Sequential(layers);
                }

                public static Dictionary<string, long> Describe(Sequential model) =>
                    model.named_parameters().ToDictionary(p => p.name, p => p.parameter.numel());

                public static int Classes => {{classes}};

                public static Tensor Logits(Sequential model, Tensor batch)
                {
                    model.eval();
                    using var _ = torch.no_grad();
                    var logits = model.forward(batch);
                    return logits.reshape(batch.shape[0], -1);
                }

                public static Tensor Probabilities(Sequential model, Tensor batch) =>
                    functional.softmax(Logits(model, batch), 1);

                public static Tensor Predict(Sequential model, Tensor batch) =>
                    Logits(model, batch).argmax(1);

                public static string Summary(Sequential model)
                {
                    var sizes = Describe(model);
                    return string.Join(", ", sizes.Select(s => $"{s.Key}={s.Value}"));
                }
            }
            """;
    }

    private static string Trainer(int i, Random random, bool mistake)
    {
        var binary = random.Next(2) == 0;
        var positives = 1 + random.Next(20);
        string criterion, call, metric;
        if (binary)
        {
            criterion = $"BCEWithLogitsLoss(pos_weights: torch.tensor(new float[] {{ {positives}f }}))";
            call = "criterion.forward(logits, labels)";
            metric = mistake ? "(logits > 0.5)" : "(logits > 0)";
        }
        else
        {
            criterion = $"CrossEntropyLoss(weight: torch.ones({2 + random.Next(5)}))";
            call = mistake ? "criterion.forward(functional.softmax(logits, 1), labels)" : "criterion.forward(logits, labels)";
            metric = "logits.argmax(1).eq(labels)";
        }

        var outputs = binary ? 1 : 2 + random.Next(5);
        return Usings + $$"""
            namespace Generated.Training;

            public sealed class Trainer{{i}}
            {
                private readonly Module<Tensor, Tensor> model = Sequential(Linear(16, 32), ReLU(), Linear(32, {{outputs}}));
                private readonly Loss<Tensor, Tensor, Tensor> criterion = {{criterion}};
                private readonly TorchSharp.Modules.Adam optimizer;
                private readonly List<float> history = new();

                public Trainer{{i}}()
                {
                    optimizer = torch.optim.Adam(model.parameters(), lr: 1e-3);
                }

                public float Epoch(IEnumerable<(Tensor Features, Tensor Labels)> batches)
                {
                    model.train();
                    var total = 0f;
                    var count = 0;
                    foreach (var (features, rawLabels) in batches)
                    {
                        using var scope = NewDisposeScope();
                        optimizer.zero_grad();
                        var logits = model.forward(features);
                        {{(binary ? "logits = logits.squeeze(-1);\n            var labels = rawLabels.to_type(ScalarType.Float32);" : "var labels = rawLabels;")}}
                        var loss = {{call}};
                        loss.backward();
                        optimizer.step();
                        total += loss.item<float>();
                        count++;
                    }

                    history.Add(total / Math.Max(1, count));
                    return history[^1];
                }

                public double Evaluate(Tensor features, Tensor rawLabels)
                {
                    model.eval();
                    using var _ = torch.no_grad();
                    var logits = model.forward(features);
                    {{(binary ? "logits = logits.squeeze(-1);\n        var labels = rawLabels.to_type(ScalarType.Float32);" : "var labels = rawLabels;")}}
                    var correct = {{metric}}.to_type(ScalarType.Float32);
                    return correct.mean().item<float>();
                }

                public IReadOnlyList<float> History => history;

                public bool Converged(int window = 5, float tolerance = 1e-3f)
                {
                    if (history.Count < window)
                    {
                        return false;
                    }

                    var recent = history.Skip(history.Count - window).ToList();
                    return recent.Max() - recent.Min() < tolerance;
                }

                public float Fit(Func<IEnumerable<(Tensor Features, Tensor Labels)>> data, (Tensor Features, Tensor Labels) validation, int epochs)
                {
                    var best = float.MaxValue;
                    var patience = 0;
                    for (var epoch = 0; epoch < epochs; epoch++)
                    {
                        var loss = Epoch(data());
                        var accuracy = Evaluate(validation.Features, validation.Labels);
                        if (loss < best - 1e-4f)
                        {
                            best = loss;
                            patience = 0;
                        }
                        else if (++patience > 3)
                        {
                            break;
                        }

                        Console.WriteLine($"epoch {epoch}: loss {loss:F4}, accuracy {accuracy:P1}");
                    }

                    return best;
                }

                public void Decay(double factor)
                {
                    foreach (var group in optimizer.ParamGroups)
                    {
                        group.LearningRate *= factor;
                    }
                }
            }
            """;
    }

    private static string Pipeline(int i, Random random)
    {
        var features = 8 + random.Next(32);
        return Usings + $$"""
            namespace Generated.Data;

            public sealed class Pipeline{{i}}
            {
                private readonly Tensor mean;
                private readonly Tensor std;

                public Pipeline{{i}}(Tensor data)
                {
                    mean = data.mean(new long[] { 0 }, keepdim: true);
                    std = data.std(0, keepdim: true) + 1e-6;
                }

                public Tensor Normalize(Tensor batch) => (batch - mean) / std;

                public IEnumerable<(Tensor Features, Tensor Labels)> Batches(Tensor data, Tensor labels, int size, bool shuffle)
                {
                    var n = data.shape[0];
                    var order = shuffle ? torch.randperm(n) : torch.arange(n);
                    for (long start = 0; start < n; start += size)
                    {
                        var index = order.narrow(0, start, Math.Min(size, n - start));
                        yield return (Normalize(data.index_select(0, index)), labels.index_select(0, index));
                    }
                }

                public Tensor Augment(Tensor batch, double noise)
                {
                    var jitter = torch.randn_like(batch) * noise;
                    var scaled = batch * (1 + 0.05 * torch.randn(batch.shape[0], 1));
                    return torch.cat(new[] { scaled + jitter, batch }, 0);
                }

                public static Tensor Synthetic(int rows)
                {
                    var x = torch.randn(rows, {{features}});
                    var weights = torch.linspace(-1, 1, {{features}});
                    return x * weights.unsqueeze(0);
                }

                public static Tensor Labels(Tensor x) => (x.sum(dim: 1) > 0).to_type(ScalarType.Int64);

                public static (Tensor Train, Tensor Test) Split(Tensor data, double fraction)
                {
                    var cut = (long)(data.shape[0] * fraction);
                    return (data[..(int)cut], data[(int)cut..]);
                }

                public static Tensor Clip(Tensor x, double limit) => x.clamp(-limit, limit);

                public static Tensor OneHot(Tensor labels, int classes) => functional.one_hot(labels, classes).to_type(ScalarType.Float32);

                public static Tensor Balance(Tensor labels)
                {
                    var positives = labels.sum().item<long>();
                    var negatives = labels.shape[0] - positives;
                    return torch.tensor(new float[] { negatives / (float)Math.Max(1, positives) });
                }

                public static Tensor Window(Tensor series, int size, int step)
                {
                    var windows = new List<Tensor>();
                    for (long start = 0; start + size <= series.shape[0]; start += step)
                    {
                        windows.Add(series.narrow(0, start, size).unsqueeze(0));
                    }

                    return torch.cat(windows, 0);
                }

                public static IEnumerable<Tensor> Chunks(Tensor data, int parts)
                {
                    var size = (data.shape[0] + parts - 1) / parts;
                    for (long start = 0; start < data.shape[0]; start += size)
                    {
                        yield return data.narrow(0, start, Math.Min(size, data.shape[0] - start));
                    }
                }
            }
            """;
    }

    private static string Helpers(int i, Random random)
    {
        var count = 3 + random.Next(7);
        return $$"""
            using System;
            using System.Collections.Generic;
            using System.Globalization;
            using System.Linq;
            using System.Text;

            namespace Generated.Support;

            public static class Report{{i}}
            {
                public static string Table(IReadOnlyList<(string Name, double Value)> rows)
                {
                    var builder = new StringBuilder();
                    var width = rows.Count == 0 ? 4 : rows.Max(r => r.Name.Length);
                    foreach (var (name, value) in rows.OrderBy(r => r.Name, StringComparer.Ordinal))
                    {
                        builder.Append(name.PadRight(width)).Append("  ").AppendLine(value.ToString("F4", CultureInfo.InvariantCulture));
                    }

                    return builder.ToString();
                }

                public static double Median(IEnumerable<double> values)
                {
                    var sorted = values.OrderBy(v => v).ToArray();
                    if (sorted.Length == 0)
                    {
                        return double.NaN;
                    }

                    var middle = sorted.Length / 2;
                    return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
                }

                public static IEnumerable<int> Buckets(IEnumerable<double> values, int buckets = {{count}})
                {
                    var list = values.ToList();
                    if (list.Count == 0)
                    {
                        yield break;
                    }

                    var min = list.Min();
                    var max = list.Max();
                    var counts = new int[buckets];
                    foreach (var value in list)
                    {
                        var bucket = max == min ? 0 : (int)Math.Min(buckets - 1, (value - min) / (max - min) * buckets);
                        counts[bucket]++;
                    }

                    foreach (var c in counts)
                    {
                        yield return c;
                    }
                }

                public static string Format(TimeSpan elapsed) => elapsed.TotalSeconds < 1
                    ? $"{elapsed.TotalMilliseconds:F0} ms"
                    : $"{elapsed.TotalSeconds:F1} s";

                public static Dictionary<string, int> Words(string text) => text
                    .Split(new[] { ' ', '\n', '\t' }, StringSplitOptions.RemoveEmptyEntries)
                    .GroupBy(w => w.ToLowerInvariant())
                    .ToDictionary(g => g.Key, g => g.Count());

                public static string Csv(IEnumerable<IReadOnlyList<double>> rows)
                {
                    var builder = new StringBuilder();
                    foreach (var row in rows)
                    {
                        builder.AppendLine(string.Join(",", row.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
                    }

                    return builder.ToString();
                }

                public static (double Mean, double Std) Moments(IReadOnlyCollection<double> values)
                {
                    if (values.Count == 0)
                    {
                        return (double.NaN, double.NaN);
                    }

                    var mean = values.Average();
                    var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Count;
                    return (mean, Math.Sqrt(variance));
                }

                public static IEnumerable<(int Epoch, double Value)> Smooth(IReadOnlyList<double> values, double alpha = 0.{{1 + random.Next(8)}})
                {
                    var state = values.Count > 0 ? values[0] : 0;
                    for (var epoch = 0; epoch < values.Count; epoch++)
                    {
                        state = alpha * values[epoch] + (1 - alpha) * state;
                        yield return (epoch, state);
                    }
                }
            }
            """;
    }
}
