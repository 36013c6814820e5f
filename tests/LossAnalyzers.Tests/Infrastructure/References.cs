using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Tests.Infrastructure;

/// <summary>What test sources compile against: .NET 8 reference assemblies and TorchSharp's managed DLL.</summary>
internal static class References
{
    public static readonly MetadataReference TorchSharp =
        MetadataReference.CreateFromFile(typeof(global::TorchSharp.torch).Assembly.Location);

    public static IEnumerable<MetadataReference> Net80 => Basic.Reference.Assemblies.Net80.References.All;

    public static IEnumerable<MetadataReference> All => Net80.Append(TorchSharp);
}
