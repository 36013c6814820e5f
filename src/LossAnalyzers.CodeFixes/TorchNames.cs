using LossAnalyzers.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LossAnalyzers.CodeFixes;

/// <summary>
/// How generated code names TorchSharp at a given place: the short name where it already means TorchSharp's
/// (<c>torch</c>, <c>ScalarType</c>, <c>Reduction</c>), else a <c>global::</c> name the simplifier shortens as far
/// as the file's usings allow.
/// </summary>
internal sealed class TorchNames
{
    private readonly LossAnalysis analysis;
    private readonly SemanticModel model;
    private readonly int position;

    public TorchNames(LossAnalysis analysis, SyntaxNode place)
    {
        this.analysis = analysis;
        model = analysis.Model(place.SyntaxTree);
        position = place.SpanStart;
    }

    public string Torch => Binds("torch", "TorchSharp.torch") ? "torch" : "global::TorchSharp.torch";

    public string ScalarType =>
        Binds("ScalarType", "TorchSharp.torch+ScalarType") ? "ScalarType"
        : Binds("torch", "TorchSharp.torch") ? "torch.ScalarType"
        : "global::TorchSharp.torch.ScalarType";

    public string Reduction =>
        Binds("Reduction", "TorchSharp.torch+nn+Reduction") ? "Reduction"
        : Binds("torch", "TorchSharp.torch") ? "torch.nn.Reduction"
        : "global::TorchSharp.torch.nn.Reduction";

    private bool Binds(string name, string metadataName)
    {
        var expected = analysis.Compilation.GetTypeByMetadataName(metadataName);
        var bound = model.GetSpeculativeSymbolInfo(position, SyntaxFactory.ParseExpression(name), SpeculativeBindingOption.BindAsExpression).Symbol
                    ?? model.GetSpeculativeSymbolInfo(position, SyntaxFactory.ParseTypeName(name), SpeculativeBindingOption.BindAsTypeOrNamespace).Symbol;
        return expected is not null && SymbolEqualityComparer.Default.Equals(bound, expected);
    }
}
