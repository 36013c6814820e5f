using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Flow;

/// <summary>Whether code outside the compilation can reach a member: what it holds or returns may be used there.</summary>
internal static class Visibility
{
    /// <summary>True for a member that other assemblies can name: public or protected, in types that are too.</summary>
    public static bool IsVisibleOutside(ISymbol symbol)
    {
        for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        return true;
    }
}
