using System;
using System.Collections.Immutable;

namespace LossAnalyzers.Catalog;

/// <summary>TorchSharp's layers (in <c>TorchSharp.Modules</c>) by what they do to what passes through them.</summary>
internal static class TorchLayers
{
    /// <summary>
    /// Shape-only layers: what comes out is what went in (dropout is the identity in evaluation), so a Sequential's
    /// activation before them still decides. <c>Flatten()</c> keeps <c>[N, C]</c>.
    /// </summary>
    public static readonly ImmutableHashSet<string> ShapeOnly = ImmutableHashSet.Create(
        StringComparer.Ordinal, "Identity", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout", "Flatten");

    /// <summary>Shape-only layers that reshape the class dimension: the width is no longer known.</summary>
    public static readonly ImmutableHashSet<string> Reshaping = ImmutableHashSet.Create(StringComparer.Ordinal, "Unflatten");

    /// <summary>Element-wise layers that keep the shape but not the values' kind (a ReLU of logits is not logits).</summary>
    public static readonly ImmutableHashSet<string> ElementWise = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "ReLU", "ReLU6", "LeakyReLU", "PReLU", "RReLU", "ELU", "CELU", "SELU", "GELU", "SiLU", "Mish",
        "Tanh", "Hardtanh", "Hardswish", "Hardsigmoid", "Softplus", "Softsign", "Tanhshrink");
}
