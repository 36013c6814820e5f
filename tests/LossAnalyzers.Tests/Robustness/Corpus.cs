using System.Text;
using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.Tests.Robustness;

/// <summary>
/// Every C# source the tests and samples use: the samples' files, and the raw string literals the tests compile
/// (interpolation holes become a plain identifier). Read from the repository, in a stable order.
/// </summary>
internal static class Corpus
{
    private static readonly Lazy<IReadOnlyList<string>> Sources = new(Load);

    public static IReadOnlyList<string> All => Sources.Value;

    private static IReadOnlyList<string> Load()
    {
        var sources = new List<string>();
        foreach (var file in Files("samples"))
        {
            sources.Add(File.ReadAllText(file));
        }

        foreach (var file in Files("tests"))
        {
            foreach (var source in RawSources(CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot()))
            {
                if (LooksLikeCode(source.Text))
                {
                    sources.Add(WithUsings(source.Text));
                }
            }
        }

        return sources;
    }

    /// <summary>
    /// The raw string sources of a test file, with the node that groups them (the array initializer that holds several
    /// files of one test, or the literal itself) and their line.
    /// </summary>
    public static IEnumerable<(string Text, SyntaxNode Group, int Line)> RawSources(SyntaxNode root)
    {
        foreach (var node in root.DescendantNodes())
        {
            var text = node switch
            {
                LiteralExpressionSyntax literal when literal.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) => literal.Token.ValueText,
                InterpolatedStringExpressionSyntax interpolated when interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken) => Flatten(interpolated),
                _ => null,
            };
            if (text is not null)
            {
                var group = node.Parent is InitializerExpressionSyntax initializer ? initializer : node;
                yield return (text, group, node.GetLocation().GetLineSpan().StartLinePosition.Line + 1);
            }
        }
    }

    /// <summary>A test source as the tests compile it: with the usings a TorchSharp file starts with, unless it has its own.</summary>
    public static string WithUsings(string text) => text.Contains("using ", StringComparison.Ordinal) ? text : Verify.Usings + text;

    public static bool LooksLikeCode(string text) => text.Contains(';') || text.Contains('{');

    /// <summary>The C# files under a folder of the repository, build outputs left out, in a stable order.</summary>
    public static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal);

    private static string Flatten(InterpolatedStringExpressionSyntax interpolated)
    {
        var builder = new StringBuilder();
        foreach (var content in interpolated.Contents)
        {
            builder.Append(content is InterpolatedStringTextSyntax text ? text.TextToken.ValueText : "x");
        }

        return builder.ToString();
    }

}
