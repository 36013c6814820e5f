using Microsoft.CodeAnalysis;

namespace LossAnalyzers.BehaviourTests.Infrastructure;

/// <summary>
/// What test programs compile against: .NET 8 reference assemblies and the managed TorchSharp this test process
/// has loaded, so that the program compiled here binds to exactly the TorchSharp it runs on.
/// </summary>
internal static class References
{
    public static readonly MetadataReference TorchSharp =
        MetadataReference.CreateFromFile(typeof(global::TorchSharp.torch).Assembly.Location);

    public static IEnumerable<MetadataReference> All => Basic.Reference.Assemblies.Net80.References.All.Append(TorchSharp);
}
