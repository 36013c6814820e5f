using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>
/// Compiles C# sources against .NET 8 and TorchSharp into memory and runs a public static method of them on the
/// real libtorch. A source that does not compile fails the test with its errors listed.
/// </summary>
internal sealed class TorchProgram
{
    private static int count;
    private readonly byte[] image;
    private readonly IReadOnlyList<string> sources;

    private TorchProgram(byte[] image, IReadOnlyList<string> sources)
    {
        this.image = image;
        this.sources = sources;
    }

    public static TorchProgram Compile(params string[] sources) => Compile((IReadOnlyList<string>)sources);

    public static TorchProgram Compile(IReadOnlyList<string> sources)
    {
        var name = $"BehaviourProgram{Interlocked.Increment(ref count)}";
        var trees = sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, TestSources.ParseOptions, TestSources.FileName(i)));
        var compilation = CSharpCompilation.Create(name, trees, References.All, TestSources.CompilationOptions);
        TestSources.AssertNoErrors(compilation, sources, "The test program");

        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, "Emit failed:\n" + string.Join("\n", result.Diagnostics) + "\n\n" + TestSources.Listing(sources));
        return new TorchProgram(stream.ToArray(), sources);
    }

    /// <summary>Loads the program into its own collectible context, calls <paramref name="method"/> ("Type.Method") and unloads it.</summary>
    public T Run<T>(string method, params object?[] arguments)
    {
        var separator = method.LastIndexOf('.');
        Assert.True(separator > 0, $"'{method}' is not Type.Method.");
        var context = new ProgramLoadContext($"behaviour-program-{Interlocked.Increment(ref count)}");
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(image));
            var type = assembly.GetType(method[..separator])
                       ?? throw new InvalidOperationException($"No type '{method[..separator]}' in the program:\n{TestSources.Listing(sources)}");
            var target = type.GetMethod(method[(separator + 1)..], BindingFlags.Public | BindingFlags.Static)
                         ?? throw new InvalidOperationException($"No public static method '{method}' in the program:\n{TestSources.Listing(sources)}");
            object? result;
            try
            {
                result = target.Invoke(null, arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }

            return Assert.IsType<T>(result);
        }
        finally
        {
            context.Unload();
        }
    }
}
