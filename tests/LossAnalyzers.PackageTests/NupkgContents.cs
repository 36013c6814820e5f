using System.IO.Compression;
using System.Xml.Linq;

namespace LossAnalyzers.PackageTests;

/// <summary>A .nupkg's file list and nuspec, read the way NuGet reads them.</summary>
internal sealed class NupkgContents
{
    private NupkgContents(IReadOnlyList<string> entries, XElement metadata, XElement? dependencies)
    {
        Entries = entries;
        Metadata = metadata;
        Dependencies = dependencies;
    }

    public IReadOnlyList<string> Entries { get; }

    public XElement Metadata { get; }

    public XElement? Dependencies { get; }

    public static NupkgContents Read(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.Select(e => e.FullName).ToList();
        var nuspec = zip.Entries.Single(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        using var stream = nuspec.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        return new NupkgContents(entries, metadata, Child(metadata, "dependencies"));
    }

    public string? Value(string element) => Child(Metadata, element)?.Value;

    public XElement? Element(string element) => Child(Metadata, element);

    /// <summary>Every dependency id in every target-framework group.</summary>
    public IReadOnlyList<(string Id, string Version)> DependencyIds() =>
        Dependencies?.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(e => ((string)e.Attribute("id")!, (string)e.Attribute("version")!))
            .ToList()
        ?? [];

    public string Describe() =>
        string.Join(Environment.NewLine, Entries) + Environment.NewLine + Metadata;

    private static XElement? Child(XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name);
}
