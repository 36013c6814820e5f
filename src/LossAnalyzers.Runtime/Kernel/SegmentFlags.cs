namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// A compile-time switch for the segment loops: the JIT specialises a generic method per struct argument and
/// folds <see cref="On"/> away, so one loop body serves with and without weights, gradient and per-element losses.
/// </summary>
internal interface ISegmentFlag
{
    /// <summary>Whether the feature is on in this instantiation.</summary>
    static abstract bool On { get; }
}

/// <summary>The feature is on.</summary>
internal struct On : ISegmentFlag
{
    static bool ISegmentFlag.On => true;
}

/// <summary>The feature is off.</summary>
internal struct Off : ISegmentFlag
{
    static bool ISegmentFlag.On => false;
}
