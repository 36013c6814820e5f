using System.Reflection;
using System.Runtime.Loader;

namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>
/// A collectible load context for one compiled test program. TorchSharp resolves to the assembly this process has
/// already loaded (one native libtorch, one set of TorchSharp statics, one random generator); everything else falls
/// back to the default context.
/// </summary>
internal sealed class ProgramLoadContext : AssemblyLoadContext
{
    private static readonly Assembly TorchSharp = typeof(global::TorchSharp.torch).Assembly;

    public ProgramLoadContext(string name)
        : base(name, isCollectible: true)
    {
    }

    protected override Assembly? Load(AssemblyName assemblyName) =>
        string.Equals(assemblyName.Name, TorchSharp.GetName().Name, StringComparison.OrdinalIgnoreCase) ? TorchSharp : null;
}
