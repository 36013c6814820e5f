namespace LossAnalyzers.PackageTests;

/// <summary>The tests that share one packed <see cref="PackageFeed"/>; packing takes most of their time.</summary>
[CollectionDefinition(Name)]
public sealed class PackagesCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "Packed packages";
}
