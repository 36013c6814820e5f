using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LossAnalyzers.Tests.Robustness;

/// <summary>One damaged variant of a source: what half-typed or broken code looks like to an analyzer.</summary>
internal sealed record Damage(string Kind, string Source, bool WithTorchSharp)
{
    /// <summary>A deterministic variant of <paramref name="source"/> for the random draw <paramref name="random"/>.</summary>
    public static Damage Of(string source, Random random)
    {
        var tokens = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
        if (tokens.Count == 0)
        {
            return new Damage("unchanged", source, true);
        }

        var token = tokens[random.Next(tokens.Count)];
        switch (random.Next(6))
        {
            case 0:
                return new Damage("truncated", source.Substring(0, random.Next(source.Length)), true);
            case 1:
                return new Damage("token deleted", source.Remove(token.SpanStart, token.Span.Length), true);
            case 2:
                return new Damage("token duplicated", source.Insert(token.Span.End, " " + token.Text), true);
            case 3:
                var braces = tokens.Where(t => t.IsKind(SyntaxKind.OpenBraceToken) || t.IsKind(SyntaxKind.CloseBraceToken))
                    .Where(_ => random.Next(2) == 0)
                    .OrderByDescending(t => t.SpanStart)
                    .ToList();
                var text = source;
                foreach (var brace in braces)
                {
                    text = text.Remove(brace.SpanStart, 1);
                }

                return new Damage("braces removed", text, true);
            case 4:
                var identifiers = tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText).Distinct().ToList();
                if (identifiers.Count < 2)
                {
                    return new Damage("unchanged", source, true);
                }

                var from = identifiers[random.Next(identifiers.Count)];
                var to = identifiers[random.Next(identifiers.Count)];
                return new Damage($"identifier {from} renamed to {to}", Rename(source, tokens, from, to), true);
            default:
                return new Damage("TorchSharp reference removed", source, false);
        }
    }

    private static string Rename(string source, List<SyntaxToken> tokens, string from, string to)
    {
        var text = source;
        foreach (var token in tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == from).OrderByDescending(t => t.SpanStart))
        {
            text = text.Remove(token.SpanStart, token.Span.Length).Insert(token.SpanStart, to);
        }

        return text;
    }
}
