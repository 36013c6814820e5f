using System.Reflection;
using LossAnalyzers.CodeFixes;
using LossAnalyzers.Tests.Infrastructure;
using LossAnalyzers.Tests.Robustness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Testing;
using Xunit.Abstractions;

namespace LossAnalyzers.Tests.Rules;

/// <summary>LOSS013: the constant 0 bound to a ScalarType parameter (<c>t.sum(0)</c>).</summary>
public sealed class Loss013Tests
{
    private readonly ITestOutputHelper output;

    public Loss013Tests(ITestOutputHelper output) => this.output = output;

    private static Task Diagnostics(string body, string members = "")
    {
        var test = new TorchAnalyzerTest<ScalarTypeZeroAnalyzer>();
        test.TestState.Sources.Add(Verify.Usings + Verify.InMethod(body, members));
        return test.RunAsync();
    }

    [Theory]
    [InlineData("var counts = y.sum({|LOSS013:0|});")]
    [InlineData("var product = x.prod({|LOSS013:0|});")]
    [InlineData("var positives = y.sum({|LOSS013:Zero|}); var negatives = y.shape[0] - positives;")]
    [InlineData("var pw = (y.shape[0] - y.sum(dim: 0L)) / y.sum({|LOSS013:0|});")]
    [InlineData("var probabilities = torch.tensor(new float[] { 0.2f, 0.8f }, {|LOSS013:0|});")]
    [InlineData("var total = torch.ones(300, 2).sum({|LOSS013:0|}).item<byte>();")]
    public Task Reported_on_the_zero(string body) => Diagnostics(body, "const int Zero = 0;");

    [Theory]
    [InlineData("var counts = y.sum(dim: 0);")]
    [InlineData("var counts = y.sum(1);")]
    [InlineData("var counts = y.sum(0L);")]
    [InlineData("var running = y.cumsum(0);")]
    [InlineData("var bytes = y.sum(ScalarType.Byte);")]
    [InlineData("var bytes = y.sum((ScalarType)0);")]
    [InlineData("var typed = y.sum(type: 0);")]
    [InlineData("var mean = y.mean(new long[] { 0 });")]
    [InlineData("var picked = y.select(0, 0); var narrowed = y.narrow(0, 0, 1);")]
    public Task Not_reported(string body) => Diagnostics(body);

    [Fact]
    public Task A_user_enum_named_ScalarType_is_not_TorchSharp_s()
    {
        var test = new TorchAnalyzerTest<ScalarTypeZeroAnalyzer>();
        test.TestState.Sources.Add("""
            namespace Mine
            {
                public enum ScalarType { Byte, Float32 }
                public static class Ops { public static int Sum(ScalarType? type = null) => 0; public static int Sum(long dim, bool keep = false) => 1; }
                static class Use { static int Run() => Ops.Sum(0); }
            }
            """);
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_names_the_dimension() => new TorchCodeFixTest<ScalarTypeZeroAnalyzer, Loss013CodeFix>
    {
        TestState = { Sources = { Verify.Usings + Verify.InMethod("var pw = (y.shape[0] - y.sum({|LOSS013:0|})) / y.prod({|LOSS013:0|});") } },
        FixedState = { Sources = { Verify.Usings + Verify.InMethod("var pw = (y.shape[0] - y.sum(dim: 0)) / y.prod(dim: 0);") } },
    }.RunAsync();

    [Fact]
    public Task No_fix_where_no_dimension_overload_exists()
    {
        // to_type(ScalarType) has no overload taking a dimension: naming one would not compile.
        var test = new TorchCodeFixTest<ScalarTypeZeroAnalyzer, Loss013CodeFix>();
        const string source = "var t = x.to_type({|LOSS013:0|});";
        test.TestState.Sources.Add(Verify.Usings + Verify.InMethod(source));
        test.FixedState.Sources.Add(Verify.Usings + Verify.InMethod(source));
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }

    /// <summary>
    /// Every public TorchSharp method with a ScalarType parameter, called with a positional 0 in that place: the
    /// compiler's binding is the oracle. Wherever the 0 binds to a ScalarType the rule must report, and nowhere else,
    /// so a new TorchSharp version with a new such overload is covered without touching the rule.
    /// </summary>
    [Fact]
    public async Task Every_TorchSharp_method_where_0_binds_to_a_ScalarType_is_reported()
    {
        var scalarType = typeof(TorchSharp.torch.ScalarType);
        var calls = new List<string>();
        foreach (var type in typeof(TorchSharp.torch).Assembly.GetExportedTypes().Where(t => !t.IsGenericTypeDefinition))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                         .Where(m => !m.IsSpecialName && !m.IsGenericMethodDefinition))
            {
                var parameters = method.GetParameters();
                for (var k = 0; k < parameters.Length; k++)
                {
                    if (parameters[k].ParameterType == scalarType || Nullable.GetUnderlyingType(parameters[k].ParameterType) == scalarType)
                    {
                        calls.Add(Call(type, method, parameters, k));
                    }
                }
            }
        }

        var statements = calls.Distinct().Select((call, i) => $"        try {{ var r{i} = {call}; }} catch {{ }}").ToList();
        var source = "using System;\nusing TorchSharp;\nstatic class Calls\n{\n    static void All(TorchSharp.torch.Tensor t)\n    {\n" + string.Join("\n", statements) + "\n    }\n}\n";
        var compilation = AnalyzerRun.Compile(new[] { source }, withTorchSharp: true, name: "ScalarTypeCalls");
        var tree = compilation.SyntaxTrees.Single();
        var model = compilation.GetSemanticModel(tree);
        var broken = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Location.SourceSpan).ToList();

        // The oracle: positional integer-constant-zero arguments the compiler bound to a ScalarType parameter.
        var expected = new SortedSet<int>();
        foreach (var argument in tree.GetRoot().DescendantNodes().OfType<ArgumentSyntax>())
        {
            if (argument.NameColon is null && argument.Expression is LiteralExpressionSyntax { Token.ValueText: "0" }
                && !broken.Any(span => span.IntersectsWith(argument.Parent!.Parent!.Span))
                && model.GetOperation(argument) is IArgumentOperation { Parameter: { } parameter }
                && (parameter.Type.Name == "ScalarType" || parameter.Type is INamedTypeSymbol { TypeArguments: [{ Name: "ScalarType" }] }))
            {
                expected.Add(argument.SpanStart);
            }
        }

        var (diagnostics, exceptions) = await AnalyzerRun.AnalyzeAsync(compilation);
        Assert.Empty(exceptions);
        var reported = new SortedSet<int>(diagnostics.Where(d => d.Id == "LOSS013" && !broken.Any(span => span.IntersectsWith(d.Location.SourceSpan))).Select(d => d.Location.SourceSpan.Start));

        output.WriteLine($"{calls.Count} calls generated, {expected.Count} where 0 binds to a ScalarType");
        foreach (var start in expected.Take(400))
        {
            output.WriteLine("  " + tree.GetRoot().FindToken(start).Parent!.FirstAncestorOrSelf<InvocationExpressionSyntax>());
        }

        Assert.True(expected.Count >= 10, $"Only {expected.Count} calls bind 0 to a ScalarType: the enumeration is not working.");
        Assert.Contains(expected, start => tree.GetRoot().FindToken(start).Parent!.FirstAncestorOrSelf<InvocationExpressionSyntax>()!.ToString().StartsWith("t.sum(", StringComparison.Ordinal));
        Assert.Equal(expected, reported);
    }

    private static string Call(Type type, MethodInfo method, ParameterInfo[] parameters, int zeroAt)
    {
        var arguments = new List<string>();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (i == zeroAt)
            {
                arguments.Add("0");
            }
            else if (i < zeroAt || !parameters[i].IsOptional)
            {
                arguments.Add(parameters[i].ParameterType.IsByRef ? "default!" : $"default({TypeName(parameters[i].ParameterType)})!");
            }
        }

        var receiver = method.IsStatic ? TypeName(type) : type == typeof(TorchSharp.torch.Tensor) ? "t" : $"default({TypeName(type)})!";
        return $"{receiver}.{method.Name}({string.Join(", ", arguments)})";
    }

    private static string TypeName(Type type)
    {
        if (type.IsArray)
        {
            return TypeName(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericType)
        {
            var name = type.GetGenericTypeDefinition().FullName!;
            name = name.Substring(0, name.IndexOf('`'));
            return $"global::{name.Replace('+', '.')}<{string.Join(", ", type.GetGenericArguments().Select(TypeName))}>";
        }

        return type.IsGenericParameter ? "object" : $"global::{type.FullName!.Replace('+', '.')}";
    }
}
