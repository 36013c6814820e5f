using LossAnalyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LossAnalyzers.Tests.Catalog;

/// <summary>
/// The value-flow engine is a lower layer: the types of <c>LossAnalyzers.Flow</c> know C# and the module interface the
/// catalogue implements, never the analyses, the rules or the catalogue itself. Checked on the sources: what they import
/// and what every name in them binds to.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] UpperNamespaces = { "LossAnalyzers.Analysis", "LossAnalyzers.Rules", "LossAnalyzers.Catalog" };

    [Fact]
    public void Flow_sources_import_nothing_above_them()
    {
        var folder = Path.Combine(Repository.Root, "src", "LossAnalyzers", "Flow");
        var files = Directory.GetFiles(folder, "*.cs");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var upper in UpperNamespaces)
            {
                Assert.False(text.Contains("using " + upper, StringComparison.Ordinal), $"{Path.GetFileName(file)} imports {upper}.");
            }

            Assert.False(text.Contains("LossAnalysis", StringComparison.Ordinal) || text.Contains("TorchSymbols", StringComparison.Ordinal), $"{Path.GetFileName(file)} names an analysis type.");
        }
    }

    [Fact]
    public void Flow_code_binds_to_no_symbol_above_it()
    {
        var source = Path.Combine(Repository.Root, "src", "LossAnalyzers");
        var trees = Directory.GetFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), path: f))
            .ToList();
        // The running runtime's assemblies and its Roslyn: what the test host has, whatever it is.
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.Ordinal))
            .Select(path => MetadataReference.CreateFromFile(path));
        var compilation = CSharpCompilation.Create("Layering", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var flowTrees = trees.Where(t => t.FilePath.Contains($"{Path.DirectorySeparatorChar}Flow{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(flowTrees);
        foreach (var tree in flowTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var symbol = model.GetSymbolInfo(name).Symbol;
                if (symbol is INamespaceSymbol)
                {
                    continue;
                }

                var type = symbol as ITypeSymbol ?? symbol?.ContainingType;
                var space = (type?.ContainingNamespace ?? symbol?.ContainingNamespace)?.ToDisplayString() ?? string.Empty;
                Assert.False(UpperNamespaces.Any(n => space.StartsWith(n, StringComparison.Ordinal)) || space == "LossAnalyzers",
                    $"{Path.GetFileName(tree.FilePath)} line {name.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: '{name}' binds to {symbol} in {space}.");
            }
        }
    }
}
