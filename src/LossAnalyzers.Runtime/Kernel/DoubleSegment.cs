using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// The float64 loop over one contiguous segment, in AVX-512, AVX2 and scalar form, the float32 loop's formulas with
/// double-precision polynomials (exp to r^12, log1p's atanh series to s^32); every form divides exactly, so they
/// agree to rounding:
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
internal static unsafe class DoubleSegment
{
    // exp(r) on |r| <= ln2 / 2 by its Taylor series to r^12 (remainder below 2e-16), ln2 split as in fdlibm.
    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;

    // Adding 1.5 * 2^52 rounds to an integer and leaves it in the low mantissa bits.
    private const double RoundMagic = 6755399441055744.0;

    // exp(-708) keeps 2^n normal (n >= -1022).
    private const double MinExponent = -708.0;

    // exp Taylor coefficients 1/k!, highest first.
    private static ReadOnlySpan<double> ExpCoefficients =>
    [
        2.08767569878681e-09,
        2.505210838544172e-08,
        2.755731922398589e-07,
        2.7557319223985893e-06,
        2.48015873015873e-05,
        0.0001984126984126984,
        0.001388888888888889,
        0.008333333333333333,
        0.041666666666666664,
        0.16666666666666666,
        0.5,
        1.0,
        1.0,
    ];

    // log1p(z) = 2 atanh(s), s = z / (2 + z) in (0, 1/3]: 2 s (1 + s^2/3 + s^4/5 + ...) to s^32/33.
    private static ReadOnlySpan<double> AtanhCoefficients =>
    [
        1.0 / 33,
        1.0 / 31,
        1.0 / 29,
        1.0 / 27,
        1.0 / 25,
        1.0 / 23,
        1.0 / 21,
        1.0 / 19,
        1.0 / 17,
        1.0 / 15,
        1.0 / 13,
        1.0 / 11,
        1.0 / 9,
        1.0 / 7,
        1.0 / 5,
        1.0 / 3,
        1.0 / 1,
    ];

    /// <summary>The segment loop for a path and the features a call needs.</summary>
    public static delegate*<double*, double*, double*, double*, double*, double*, double, nint, double> Pick(VectorPath path, bool weight, bool gradient, bool losses) =>
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

    private static delegate*<double*, double*, double*, double*, double*, double*, double, nint, double> Pick<TW, TG, TL>(VectorPath path)
        where TW : struct, ISegmentFlag where TG : struct, ISegmentFlag where TL : struct, ISegmentFlag =>
        path switch
        {
            VectorPath.Avx512 => &Avx512<TW, TG, TL>,
            VectorPath.Avx2 => &Avx2<TW, TG, TL>,
            _ => &Scalar<TW, TG, TL>,
        };

    /// <summary>The segment on 16-lane AVX-512 vectors; the last <c>n % 16</c> elements go through <see cref="Scalar{TW, TG, TL}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Avx512<TW, TG, TL>(double* x, double* y, double* pw, double* w, double* g, double* l, double scale, nint n)
        where TW : struct, ISegmentFlag where TG : struct, ISegmentFlag where TL : struct, ISegmentFlag
    {
        var one = Vector512.Create(1.0);
        var zero = Vector512<double>.Zero;
        var signBit = Vector512.Create(-0.0);
        var vscale = Vector512.Create(scale);
        var sum = zero;
        nint i = 0;
        for (; i <= n - Vector512<double>.Count; i += Vector512<double>.Count)
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
            // a x for x >= 0 and -b x below: one product with |x|.
            var loss = Avx512F.FusedMultiplyAddNegated(Vector512.ConditionalSelect(positive, a, b), negativeAbs, (a + b) * Log1p512(z));
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
                (numerator / (one + z) * factor).Store(g + i);
            }
        }

        double total = Vector512.Sum(sum);
        return i < n ? total + Scalar<TW, TG, TL>(x + i, y + i, pw + i, w + i, g + i, l + i, scale, n - i) : total;
    }

    /// <summary>The segment on 8-lane AVX2 vectors with FMA; the tail goes through <see cref="Scalar{TW, TG, TL}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Avx2<TW, TG, TL>(double* x, double* y, double* pw, double* w, double* g, double* l, double scale, nint n)
        where TW : struct, ISegmentFlag where TG : struct, ISegmentFlag where TL : struct, ISegmentFlag
    {
        var one = Vector256.Create(1.0);
        var zero = Vector256<double>.Zero;
        var signBit = Vector256.Create(-0.0);
        var vscale = Vector256.Create(scale);
        var sum = zero;
        nint i = 0;
        for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
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
            // a x for x >= 0 and -b x below: one product with |x|.
            var loss = Fma.MultiplyAddNegated(Vector256.ConditionalSelect(positive, a, b), negativeAbs, (a + b) * Log1p256(z));
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
                (numerator / (one + z) * factor).Store(g + i);
            }
        }

        double total = Vector256.Sum(sum);
        return i < n ? total + Scalar<TW, TG, TL>(x + i, y + i, pw + i, w + i, g + i, l + i, scale, n - i) : total;
    }

    /// <summary>The segment one element at a time, with the vector paths' polynomials.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Scalar<TW, TG, TL>(double* x, double* y, double* pw, double* w, double* g, double* l, double scale, nint n)
        where TW : struct, ISegmentFlag where TG : struct, ISegmentFlag where TL : struct, ISegmentFlag
    {
        double sum = 0.0;
        for (nint i = 0; i < n; i++)
        {
            double vx = x[i];
            double vy = y[i];
            double t = Math.Max(MinExponent, -Math.Abs(vx));
            double z = Exp(t);
            double a = 1.0 - vy;
            double b = pw[i] * vy;
            double loss = Math.FusedMultiplyAdd(vx >= 0.0 ? a : b, Math.Abs(vx), (a + b) * Log1p(z));
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
                double numerator = vx >= 0.0 ? Math.FusedMultiplyAdd(-b, z, a) : Math.FusedMultiplyAdd(a, z, -b);
                double factor = TW.On ? scale * w[i] : scale;
                g[i] = numerator / (1.0 + z) * factor;
            }
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> Exp512(Vector512<double> t)
    {
        var magic = Vector512.Create(RoundMagic);
        var k = Avx512F.FusedMultiplyAdd(t, Vector512.Create(Log2E), magic);
        var n = k - magic;
        var r = Avx512F.FusedMultiplyAddNegated(n, Vector512.Create(Ln2Hi), t);
        r = Avx512F.FusedMultiplyAddNegated(n, Vector512.Create(Ln2Lo), r);
        var c = ExpCoefficients;
        var p = Vector512.Create(c[0]);
        for (int j = 1; j < c.Length; j++)
        {
            p = Avx512F.FusedMultiplyAdd(p, r, Vector512.Create(c[j]));
        }

        var twoToN = ((k.AsInt64() - magic.AsInt64() + Vector512.Create(1023L)) << 52).AsDouble();
        return p * twoToN;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Log1p512(Vector512<double> z)
    {
        var s = z / (z + Vector512.Create(2.0));
        var s2 = s * s;
        var c = AtanhCoefficients;
        var q = Vector512.Create(c[0]);
        for (int j = 1; j < c.Length; j++)
        {
            q = Avx512F.FusedMultiplyAdd(q, s2, Vector512.Create(c[j]));
        }

        return (s + s) * q;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> Exp256(Vector256<double> t)
    {
        var magic = Vector256.Create(RoundMagic);
        var k = Fma.MultiplyAdd(t, Vector256.Create(Log2E), magic);
        var n = k - magic;
        var r = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2Hi), t);
        r = Fma.MultiplyAddNegated(n, Vector256.Create(Ln2Lo), r);
        var c = ExpCoefficients;
        var p = Vector256.Create(c[0]);
        for (int j = 1; j < c.Length; j++)
        {
            p = Fma.MultiplyAdd(p, r, Vector256.Create(c[j]));
        }

        var twoToN = ((k.AsInt64() - magic.AsInt64() + Vector256.Create(1023L)) << 52).AsDouble();
        return p * twoToN;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Log1p256(Vector256<double> z)
    {
        var s = z / (z + Vector256.Create(2.0));
        var s2 = s * s;
        var c = AtanhCoefficients;
        var q = Vector256.Create(c[0]);
        for (int j = 1; j < c.Length; j++)
        {
            q = Fma.MultiplyAdd(q, s2, Vector256.Create(c[j]));
        }

        return (s + s) * q;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Exp(double t)
    {
        double k = Math.FusedMultiplyAdd(t, Log2E, RoundMagic);
        double n = k - RoundMagic;
        double r = Math.FusedMultiplyAdd(-n, Ln2Hi, t);
        r = Math.FusedMultiplyAdd(-n, Ln2Lo, r);
        var c = ExpCoefficients;
        double p = c[0];
        for (int j = 1; j < c.Length; j++)
        {
            p = Math.FusedMultiplyAdd(p, r, c[j]);
        }

        long bits = (BitConverter.DoubleToInt64Bits(k) - BitConverter.DoubleToInt64Bits(RoundMagic) + 1023L) << 52;
        return p * BitConverter.Int64BitsToDouble(bits);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Log1p(double z)
    {
        double s = z / (z + 2.0);
        double s2 = s * s;
        var c = AtanhCoefficients;
        double q = c[0];
        for (int j = 1; j < c.Length; j++)
        {
            q = Math.FusedMultiplyAdd(q, s2, c[j]);
        }

        return (s + s) * q;
    }
}
