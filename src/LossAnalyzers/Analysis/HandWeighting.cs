using Microsoft.CodeAnalysis;

namespace LossAnalyzers.Analysis;

internal enum HandWeightingForm
{
    /// <summary><c>loss[target == 1] *= k</c></summary>
    MaskedMultiply,

    /// <summary><c>torch.where(target == 1, loss * k, loss)</c></summary>
    Where,

    /// <summary><c>loss * (1 + (k - 1) * target)</c></summary>
    Blend,
}

/// <summary>Positives of an unreduced BCE loss re-weighted by hand: the expression, the loss, and the factor k.</summary>
internal sealed class HandWeighting
{
    public HandWeighting(HandWeightingForm form, IOperation expression, LossCall call, IOperation unweighted, string factor, double? constantFactor, IOperation? factorSource, bool factorIsSourcePlusOne = false)
    {
        FactorSource = factorSource;
        FactorIsSourcePlusOne = factorIsSourcePlusOne;
        Form = form;
        Expression = expression;
        Call = call;
        Unweighted = unweighted;
        Factor = factor;
        ConstantFactor = constantFactor;
    }

    public HandWeightingForm Form { get; }

    /// <summary>The weighting expression: the compound assignment, the <c>where</c> call, or the product.</summary>
    public IOperation Expression { get; }

    /// <summary>The unreduced BCE loss call whose elements are weighted.</summary>
    public LossCall Call { get; }

    /// <summary>The per-element loss operand as written in the weighting (<c>loss</c> in <c>loss * k</c>).</summary>
    public IOperation Unweighted { get; }

    /// <summary>The factor k on the positives, as source text (<c>k</c>, or <c>c + 1</c> for the blend form).</summary>
    public string Factor { get; }

    /// <summary>k where it is a constant.</summary>
    public double? ConstantFactor { get; }

    /// <summary>
    /// The expression <see cref="Factor"/> is written from: <c>k</c> itself, or <c>c</c> in <c>1 + c * target</c> (see
    /// <see cref="FactorIsSourcePlusOne"/>); null where the factor is a constant computed here.
    /// </summary>
    public IOperation? FactorSource { get; }

    /// <summary>The factor is <c>(c) + 1</c> for the <see cref="FactorSource"/> <c>c</c>.</summary>
    public bool FactorIsSourcePlusOne { get; }
}
