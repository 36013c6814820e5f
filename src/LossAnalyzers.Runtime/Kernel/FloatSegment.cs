using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// The float32 loop over one contiguous segment, in AVX-512, AVX2 and scalar form. Every form evaluates the same
/// formulas with the same polynomials, so they agree to a few ulps (the vector forms replace both divisions by
/// one reciprocal estimate refined by a Newton step; AVX-512 rounds and scales with vrndscaleps/vscalefps):
/// <code>
/// z    = exp(-|x|)                       (in (0, 1]; clamped so it never goes subnormal)
/// a    = 1 - y,  b = p y                 (lw = 1 + (p - 1) y = a + b)
/// loss = w ((x &gt;= 0 ? a : b) |x| + (a + b) log1p(z))
/// grad = w s (x &gt;= 0 ? a - b z : a z - b) / (1 + z)
/// </code>
/// The loss is the stable form <c>a x + (a + b) (log1p(z) + max(-x, 0))</c> with the <c>a x</c> and <c>a max(-x, 0)</c>
/// terms cancelled by hand for negative x, where float arithmetic would lose them (soft targets, large |x|).
/// The gradient is <c>lw sigmoid(x) - p y</c> rewritten over the common denominator <c>1 + z</c>, which avoids the
/// cancellation of <c>sigmoid(x) - 1</c> for large positive logits. Each call returns the sum of its losses.
/// </summary>
internal static unsafe class FloatSegment
{
    // Cephes expf: exp(r) = 1 + r + r^2 P(r) on |r| <= ln2 / 2, with ln2 split in two for the reduction.
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    private const float E5 = 1.9875691500E-4f;
    private const float E4 = 1.3981999507E-3f;
    private const float E3 = 8.3334519073E-3f;
    private const float E2 = 4.1665795894E-2f;
    private const float E1 = 1.6666665459E-1f;
    private const float E0 = 5.0000001201E-1f;

    // Adding 1.5 * 2^23 rounds to an integer and leaves it in the low mantissa bits.
    private const float RoundMagic = 12582912f;

    // exp(-87) keeps 2^n normal (n >= -126); beyond it the loss and gradient terms are below float resolution anyway.
    private const float MinExponent = -87f;

    // log1p(z) = 2 atanh(s), s = z / (2 + z) in (0, 1/3]: s (2 + 2 s^2/3 + ... + 2 s^12/13); the first term left
    // out, 2 s^14/15, is below 1.4e-8 relative.
    private const float A6 = 2f / 13f;
    private const float A5 = 2f / 11f;
    private const float A4 = 2f / 9f;
    private const float A3 = 2f / 7f;
    private const float A2 = 2f / 5f;
    private const float A1 = 2f / 3f;

    /// <summary>The segment loop for a path and the features a call needs.</summary>
    public static delegate*<float*, float*, float*, float*, float*, float*, float, nint, double> Pick(VectorPath path, bool weight, bool gradient, bool losses) =>
        (weight, gradient, losses) switch
        {
            (false, false, false) => Pick<Off, Off, Off>(path),
            (false, false, true) => Pick<Off, Off, On>(path),
            (false, true, false) => Pick<Off, On, Off>(path),
            (false, true, true) => Pick<Off, On, On>(path),
            (true, false, false) => Pick<On, Off, Off>(path),
            (true, false, true) => Pick<On, Off, On>(path),
            (true, true, false) => Pick<On, On, Off>(path),
            (true, true, true) => Pick<On, On, On>(path),
        };

    private static delegate*<float*, float*, float*, float*, float*, float*, float, nint, double> Pick<TW, TG, TL>(VectorPath path)
        where TW : struct, ISegmentFlag where TG : struct, ISegmentFlag where TL : struct, ISegmentFlag =>
        path switch
        {
            VectorPath.Avx512 => &Avx512<TW, TG, TL>,
            VectorPath.Avx2 => &Avx2<TW, TG, TL>,
            _ => &Scalar<TW, TG, TL>,
        };

    /// <summary>The segment on 16-lane AVX-512 vectors; the last <c>n % 16</c> elements go through <see cref="Scalar{TW, TG, TL}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Avx512<TW, TG, TL>(float* x, float* y, float* pw, float* w, float* g, float* l, float scale, nint n)
        where TW : struct, ISegmentFlag where TG : struct, ISegmentFlag where TL : struct, ISegmentFlag
    {
        var one = Vector512.Create(1f);
        var zero = Vector512<float>.Zero;
        var signBit = Vector512.Create(-0f);
        var vscale = Vector512.Create(scale);
        var sum = zero;
        nint i = 0;
        for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
        {
            var vx = Vector512.Load(x + i);
            var vy = Vector512.Load(y + i);
            var vp = Vector512.Load(pw + i);

            // -|x|, clamped; Max returns its second operand when either is NaN, so NaN logits stay NaN.
            var negativeAbs = vx | signBit;
            var t = Avx512F.Max(Vector512.Create(MinExponent), negativeAbs);
            var z = Exp512(t);

            var a = one - vy;
            var b = vp * vy;
            var positive = Vector512.GreaterThanOrEqual(vx, zero);

            // One reciprocal serves both quotients: 1/(1 + z) for the gradient, z/(2 + z) for log1p.
            var onePlusZ = one + z;
            var twoPlusZ = onePlusZ + one;
            var inverse = Reciprocal512(onePlusZ * twoPlusZ);
            // a x for x >= 0 and -b x below: one product with |x|.
            var loss = Avx512F.FusedMultiplyAddNegated(Vector512.ConditionalSelect(positive, a, b), negativeAbs, (a + b) * Log1pOfRatio512(z * onePlusZ * inverse));
            if (TW.On)
            {
                loss *= Vector512.Load(w + i);
            }

            sum += loss;
            if (TL.On)
            {
                loss.Store(l + i);
            }

            if (TG.On)
            {
                var ifPositive = Avx512F.FusedMultiplyAddNegated(b, z, a);   // a - b z
                var ifNegative = Avx512F.FusedMultiplySubtract(a, z, b);     // a z - b
                var numerator = Vector512.ConditionalSelect(positive, ifPositive, ifNegative);
                var factor = TW.On ? vscale * Vector512.Load(w + i) : vscale;
                (numerator * (twoPlusZ * inverse) * factor).Store(g + i);
            }
        }

        double total = Vector512.Sum(sum);
        return i < n ? total + Scalar<TW, TG, TL>(x + i, y + i, pw + i, w + i, g + i, l + i, scale, n - i) : total;
    }

    /// <summary>The segment on 8-lane AVX2 vectors with FMA; the tail goes through <see cref="Scalar{TW, TG, TL}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Avx2<TW, TG, TL>(float* x, float* y, float* pw, float* w, float* g, float* l, float scale, nint n)
        where TW : struct, ISegmentFlag where TG : struct, ISegmentFlag where TL : struct, ISegmentFlag
    {
        var one = Vector256.Create(1f);
        var zero = Vector256<float>.Zero;
        var signBit = Vector256.Create(-0f);
        var vscale = Vector256.Create(scale);
        var sum = zero;
        nint i = 0;
        for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var vx = Vector256.Load(x + i);
            var vy = Vector256.Load(y + i);
            var vp = Vector256.Load(pw + i);

            var negativeAbs = vx | signBit;
            var t = Avx.Max(Vector256.Create(MinExponent), negativeAbs);
            var z = Exp256(t);

            var a = one - vy;
            var b = vp * vy;
            var positive = Vector256.GreaterThanOrEqual(vx, zero);

            // One reciprocal serves both quotients: 1/(1 + z) for the gradient, z/(2 + z) for log1p.
            var onePlusZ = one + z;
            var twoPlusZ = onePlusZ + one;
            var inverse = Reciprocal256(onePlusZ * twoPlusZ);
            // a x for x >= 0 and -b x below: one product with |x|.
            var loss = Fma.MultiplyAddNegated(Vector256.ConditionalSelect(positive, a, b), negativeAbs, (a + b) * Log1pOfRatio256(z * onePlusZ * inverse));
            if (TW.On)
            {
                loss *= Vector256.Load(w + i);
            }

            sum += loss;
            if (TL.On)
            {
                loss.Store(l + i);
            }

            if (TG.On)
            {
                var ifPositive = Fma.MultiplyAddNegated(b, z, a);
                var ifNegative = Fma.MultiplySubtract(a, z, b);
                var numerator = Vector256.ConditionalSelect(positive, ifPositive, ifNegative);
                var factor = TW.On ? vscale * Vector256.Load(w + i) : vscale;
                (numerator * (twoPlusZ * inverse) * factor).Store(g + i);
            }
        }

        double total = Vector256.Sum(sum);
        return i < n ? total + Scalar<TW, TG, TL>(x + i, y + i, pw + i, w + i, g + i, l + i, scale, n - i) : total;
    }

    /// <summary>The segment one element at a time, with the vector paths' polynomials.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Scalar<TW, TG, TL>(float* x, float* y, float* pw, float* w, float* g, float* l, float scale, nint n)
        where TW : struct, ISegmentFlag where TG : struct, ISegmentFlag where TL : struct, ISegmentFlag
    {
        float sum = 0f;
        for (nint i = 0; i < n; i++)
        {
            float vx = x[i];
            float vy = y[i];
            float t = MathF.Max(MinExponent, -MathF.Abs(vx));
            float z = Exp(t);
            float a = 1f - vy;
            float b = pw[i] * vy;
            float loss = MathF.FusedMultiplyAdd(vx >= 0f ? a : b, MathF.Abs(vx), (a + b) * Log1p(z));
            if (TW.On)
            {
                loss *= w[i];
            }

            sum += loss;
            if (TL.On)
            {
                l[i] = loss;
            }

            if (TG.On)
            {
                float numerator = vx >= 0f ? MathF.FusedMultiplyAdd(-b, z, a) : MathF.FusedMultiplyAdd(a, z, -b);
                float factor = TW.On ? scale * w[i] : scale;
                g[i] = numerator / (1f + z) * factor;
            }
        }

        return sum;
    }

    // AVX-512 rounds and scales in one instruction each (vrndscaleps, vscalefps) where AVX2 needs the magic-number
    // and exponent-bit arithmetic.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Exp512(Vector512<float> t)
    {
        var n = Avx512F.RoundScale(t * Vector512.Create(Log2E), 0);
        var r = Avx512F.FusedMultiplyAddNegated(n, Vector512.Create(Ln2Hi), t);
        r = Avx512F.FusedMultiplyAddNegated(n, Vector512.Create(Ln2Lo), r);
        var one = Vector512.Create(1f);
        var p = Avx512F.FusedMultiplyAdd(Vector512.Create(E5), r, Vector512.Create(E4));
        p = Avx512F.FusedMultiplyAdd(p, r, Vector512.Create(E3));
        p = Avx512F.FusedMultiplyAdd(p, r, Vector512.Create(E2));
        p = Avx512F.FusedMultiplyAdd(p, r, Vector512.Create(E1));
        p = Avx512F.FusedMultiplyAdd(p, r, Vector512.Create(E0));
        p = Avx512F.FusedMultiplyAdd(p, r, one);
        p = Avx512F.FusedMultiplyAdd(p, r, one);
        return Avx512F.Scale(p, n);
    }

    // 1/p from the 14-bit estimate and one Newton step (relative error ~2^-28 before rounding); p is in [2, 6].
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Reciprocal512(Vector512<float> p)
    {
        var r = Avx512F.Reciprocal14(p);
        var e = Avx512F.FusedMultiplyAddNegated(p, r, Vector512.Create(1f));
        return Avx512F.FusedMultiplyAdd(r, e, r);
    }

    // log1p(z) from s = z / (2 + z).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Log1pOfRatio512(Vector512<float> s)
    {
        var s2 = s * s;
        var q = Avx512F.FusedMultiplyAdd(Vector512.Create(A6), s2, Vector512.Create(A5));
        q = Avx512F.FusedMultiplyAdd(q, s2, Vector512.Create(A4));
        q = Avx512F.FusedMultiplyAdd(q, s2, Vector512.Create(A3));
        q = Avx512F.FusedMultiplyAdd(q, s2, Vector512.Create(A2));
        q = Avx512F.FusedMultiplyAdd(q, s2, Vector512.Create(A1));
        q = Avx512F.FusedMultiplyAdd(q, s2, Vector512.Create(2f));
        return s * q;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Exp256(Vector256<float> t)
    {
        var magic = Vector256.Create(RoundMagic);
        var k = Fma.MultiplyAdd(t, Vector256.Create(Log2E), magic);
        var n = k - magic;
        var r = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2Hi), t);
        r = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2Lo), r);
        var p = Fma.MultiplyAdd(Vector256.Create(E5), r, Vector256.Create(E4));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(E3));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(E2));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(E1));
        p = Fma.MultiplyAdd(p, r, Vector256.Create(E0));
        p = Fma.MultiplyAdd(p, r * r, r + Vector256.Create(1f));
        var twoToN = ((k.AsInt32() - magic.AsInt32() + Vector256.Create(127)) << 23).AsSingle();
        return p * twoToN;
    }

    // 1/p from the 12-bit estimate and one Newton step (relative error ~2^-23 before rounding); p is in [2, 6].
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Reciprocal256(Vector256<float> p)
    {
        var r = Avx.Reciprocal(p);
        var e = Fma.MultiplyAddNegated(p, r, Vector256.Create(1f));
        return Fma.MultiplyAdd(r, e, r);
    }

    // log1p(z) from s = z / (2 + z).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Log1pOfRatio256(Vector256<float> s)
    {
        var s2 = s * s;
        var q = Fma.MultiplyAdd(Vector256.Create(A6), s2, Vector256.Create(A5));
        q = Fma.MultiplyAdd(q, s2, Vector256.Create(A4));
        q = Fma.MultiplyAdd(q, s2, Vector256.Create(A3));
        q = Fma.MultiplyAdd(q, s2, Vector256.Create(A2));
        q = Fma.MultiplyAdd(q, s2, Vector256.Create(A1));
        q = Fma.MultiplyAdd(q, s2, Vector256.Create(2f));
        return s * q;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Exp(float t)
    {
        float k = MathF.FusedMultiplyAdd(t, Log2E, RoundMagic);
        float n = k - RoundMagic;
        float r = MathF.FusedMultiplyAdd(-n, Ln2Hi, t);
        r = MathF.FusedMultiplyAdd(-n, Ln2Lo, r);
        float p = MathF.FusedMultiplyAdd(E5, r, E4);
        p = MathF.FusedMultiplyAdd(p, r, E3);
        p = MathF.FusedMultiplyAdd(p, r, E2);
        p = MathF.FusedMultiplyAdd(p, r, E1);
        p = MathF.FusedMultiplyAdd(p, r, E0);
        p = MathF.FusedMultiplyAdd(p, r * r, r + 1f);
        int bits = (BitConverter.SingleToInt32Bits(k) - BitConverter.SingleToInt32Bits(RoundMagic) + 127) << 23;
        return p * BitConverter.Int32BitsToSingle(bits);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Log1p(float z)
    {
        float s = z / (z + 2f);
        float s2 = s * s;
        float q = MathF.FusedMultiplyAdd(A6, s2, A5);
        q = MathF.FusedMultiplyAdd(q, s2, A4);
        q = MathF.FusedMultiplyAdd(q, s2, A3);
        q = MathF.FusedMultiplyAdd(q, s2, A2);
        q = MathF.FusedMultiplyAdd(q, s2, A1);
        q = MathF.FusedMultiplyAdd(q, s2, 2f);
        return s * q;
    }
}
