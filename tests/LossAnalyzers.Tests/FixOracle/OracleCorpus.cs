using System.Text.RegularExpressions;
using LossAnalyzers.Tests.Infrastructure;
using LossAnalyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.Tests.FixOracle;

/// <summary>
/// What the fix oracle fixes: programs of one or more files. Each sample project is one program; a test's sources
/// written together in one array are one program, every other raw source one program of its own (markup removed,
/// interpolation holes filled). Then damaged variants (as the robustness test makes them) and renamed variants
/// (a declared name consistently replaced, so the code stays as valid as it was but reads differently).
/// </summary>
internal static class OracleCorpus
{
    private static readonly Regex Markup = new(@"\{\|[A-Za-z0-9#]+:|\|\}|\[\||\|\]", RegexOptions.Compiled);

    public static IReadOnlyList<OracleProgram> Originals()
    {
        var programs = new List<OracleProgram>();
        foreach (var sample in Directory.EnumerateDirectories(Path.Combine(Repository.Root, "samples")).OrderBy(d => d, StringComparer.Ordinal))
        {
            programs.Add(new OracleProgram("sample " + Path.GetFileName(sample), Corpus.Files(Path.Combine("samples", Path.GetFileName(sample))).Select(File.ReadAllText).ToArray()));
        }

        foreach (var file in Corpus.Files("tests"))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            var name = Path.GetFileNameWithoutExtension(file);
            foreach (var group in Corpus.RawSources(root).GroupBy(s => s.Group))
            {
                var sources = group.Select(s => s.Text).Where(Corpus.LooksLikeCode).Select(Complete).ToArray();
                if (sources.Length > 0)
                {
                    programs.Add(new OracleProgram($"{name} line {group.First().Line}", sources));
                }
            }
        }

        return programs;
    }

    /// <summary>The analyzer benchmark's generated project, in programs of <paramref name="filesPerProgram"/> consecutive files.</summary>
    public static IReadOnlyList<OracleProgram> Generated(int files, int filesPerProgram) =>
        LossAnalyzers.AnalyzerBenchmarks.ProjectGenerator.Generate(files)
            .Select((file, index) => (file, index))
            .GroupBy(f => f.index / filesPerProgram)
            .Select(g => new OracleProgram($"generated files {g.First().index} to {g.Last().index}", g.Select(f => f.file.Text).ToArray()))
            .ToList();

    /// <summary>Damaged and renamed variants of the programs, drawn from one seeded generator.</summary>
    public static IReadOnlyList<OracleProgram> Variants(IReadOnlyList<OracleProgram> originals, int damaged, int renamed, int seed)
    {
        var random = new Random(seed);
        var variants = new List<OracleProgram>();
        for (var i = 0; i < damaged; i++)
        {
            var program = originals[random.Next(originals.Count)];
            var file = random.Next(program.Sources.Count);
            var damage = Damage.Of(program.Sources[file], random);
            if (!damage.WithTorchSharp || damage.Kind == "unchanged")
            {
                continue;
            }

            variants.Add(program.With(file, damage.Source, $"{program.Name}, {damage.Kind}"));
        }

        for (var i = 0; i < renamed; i++)
        {
            var program = originals[random.Next(originals.Count)];
            var file = random.Next(program.Sources.Count);
            if (RenameDeclared(program.Sources[file], random, $"renamed{i}") is { } variant)
            {
                variants.Add(program.With(file, variant.Source, $"{program.Name}, {variant.From} renamed"));
            }
        }

        return variants;
    }

    /// <summary>Every occurrence of one name declared in the file (a local, parameter, field, property, method or type) becomes a fresh name.</summary>
    private static (string Source, string From)? RenameDeclared(string source, Random random, string fresh)
    {
        var root = CSharpSyntaxTree.ParseText(source).GetRoot();
        var declared = root.DescendantNodes()
            .Select(node => node switch
            {
                VariableDeclaratorSyntax variable => variable.Identifier,
                ParameterSyntax parameter => parameter.Identifier,
                PropertyDeclarationSyntax property => property.Identifier,
                MethodDeclarationSyntax method when method.Identifier.ValueText != "forward" => method.Identifier,
                ClassDeclarationSyntax type => type.Identifier,
                _ => default,
            })
            .Where(token => token.ValueText.Length > 0)
            .Select(token => token.ValueText)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();
        if (declared.Count == 0)
        {
            return null;
        }

        var from = declared[random.Next(declared.Count)];
        var text = source;
        foreach (var token in root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == from).OrderByDescending(t => t.SpanStart))
        {
            text = text.Remove(token.SpanStart, token.Span.Length).Insert(token.SpanStart, fresh);
        }

        return (text, from);
    }

    private static string Complete(string text) => Corpus.WithUsings(Markup.Replace(text, string.Empty));
}

/// <summary>One program the oracle fixes: a name that says where it came from, and its files.</summary>
internal sealed record OracleProgram(string Name, IReadOnlyList<string> Sources)
{
    public OracleProgram With(int file, string source, string name)
    {
        var sources = Sources.ToArray();
        sources[file] = source;
        return new OracleProgram(name, sources);
    }
}
