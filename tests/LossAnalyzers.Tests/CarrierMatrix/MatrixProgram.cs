using System.Text;

namespace LossAnalyzers.Tests.CarrierMatrix;

/// <summary>What a carried value is: a tensor, a model, or a loss module; each has the declared type a carrier writes.</summary>
internal enum ValueKind
{
    Tensor,
    Model,
    Loss,

    /// <summary>A loss of two inputs and a target (<c>MarginRankingLoss</c>, <c>CosineEmbeddingLoss</c>).</summary>
    PairLoss,

    /// <summary>A loss of four tensors (<c>CTCLoss</c>: log-probabilities, targets and both lengths).</summary>
    SequenceLoss,
}

/// <summary>
/// A carried expression while the program is being built: its text, and whether it may be moved into a member (a field
/// initializer, a getter, a helper's body), which it may not once it reads the training step's parameters or locals.
/// </summary>
internal readonly record struct Carried(string Text, bool MemberSafe);

/// <summary>
/// One generated program: the training class <c>Trainer</c> with its members and a <c>Step(Tensor x, Tensor y)</c> that
/// returns the case's loss expression; carriers add types, members, extension methods and statements before the return.
/// The marker <see cref="Marker"/> stands in front of each expression a diagnostic is expected on.
/// </summary>
internal sealed class MatrixProgram
{
    public const string Marker = "/*@*/";

    private readonly List<string> types = new();
    private readonly List<string> extensions = new();
    private readonly List<string> members = new();
    private readonly List<string> setup = new();
    private int next;

    public MatrixProgram(int index) => Index = index;

    public int Index { get; }

    public string Namespace => $"Matrix{Index}";

    /// <summary>A name no other carrier of this program uses.</summary>
    public string Fresh(string stem) => $"{stem}{next++}";

    public static string TypeOf(ValueKind kind) => kind switch
    {
        ValueKind.Tensor => "Tensor",
        ValueKind.Model => "Module<Tensor, Tensor>",
        ValueKind.PairLoss => "Loss<Tensor, Tensor, Tensor, Tensor>",
        ValueKind.SequenceLoss => "Loss<Tensor, Tensor, Tensor, Tensor, Tensor>",
        _ => "Loss<Tensor, Tensor, Tensor>",
    };

    public void Type(string declaration) => types.Add(declaration);

    public void Extension(string member) => extensions.Add(member);

    public void Member(string member) => members.Add(member);

    public void Statement(string statement) => setup.Add(statement);

    public string Render(string returned)
    {
        var text = new StringBuilder();
        text.AppendLine("#nullable disable");
        text.AppendLine("using System;");
        text.AppendLine("using System.Collections.Generic;");
        text.AppendLine("using TorchSharp;");
        text.AppendLine("using TorchSharp.Modules;");
        text.AppendLine("using static TorchSharp.torch;");
        text.AppendLine("using static TorchSharp.torch.nn;");
        text.AppendLine();
        text.AppendLine($"namespace {Namespace}");
        text.AppendLine("{");
        foreach (var type in types)
        {
            text.AppendLine("    " + type);
        }

        text.AppendLine("    static class Carriers");
        text.AppendLine("    {");
        foreach (var extension in extensions)
        {
            text.AppendLine("        " + extension);
        }

        text.AppendLine("    }");
        text.AppendLine("    sealed class Trainer");
        text.AppendLine("    {");
        text.AppendLine("        private static readonly bool Flag = Environment.TickCount > 0;");
        text.AppendLine("        private static readonly int Mode = Environment.ProcessorCount;");
        text.AppendLine("        private readonly Linear head1 = Linear(4, 1);");
        text.AppendLine("        private readonly Linear head3 = Linear(4, 3);");
        text.AppendLine("        private readonly Device device = torch.CPU;");
        foreach (var member in members)
        {
            text.AppendLine("        " + member);
        }

        text.AppendLine("        public Tensor Step(Tensor x, Tensor y)");
        text.AppendLine("        {");
        foreach (var statement in setup)
        {
            text.AppendLine("            " + statement);
        }

        text.AppendLine("            return " + returned + ";");
        text.AppendLine("        }");
        text.AppendLine("    }");
        text.AppendLine("}");
        return text.ToString();
    }
}
