using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LossAnalyzers.Runtime.Kernel;

/// <summary>
/// The cross-entropy of one row of class scores, and its gradient, in AVX-512, AVX2 and scalar form (float32 and
/// float64, the exponential polynomials of the BCE kernel). Two passes over the row (its maximum; the sum of
/// exp(x - max) with the weighted score sum that label smoothing needs), then, when a gradient is asked for, one pass
/// that writes it. With p = softmax(x), label y, class weights w (1 without), W = sum of w, smoothing e over C classes:
/// <code>
/// loss = (1 - e) w_y (lse - x_y) + e / C (W lse - sum_c w_c x_c)          lse = log sum exp(x)
/// grad = scale ((1 - e) w_y + e W / C) p_c - scale e / C w_c - [c = y] scale (1 - e) w_y
/// </code>
/// which is libtorch's label-smoothed, weighted cross-entropy (its smoothing term weights each class by w_c).
/// </summary>
internal static unsafe class CrossEntropyRows
{
    /// <summary>The loss of one row; writes the gradient into <paramref name="g"/> when it is not null.</summary>
    /// <param name="path">The instruction set.</param>
    /// <param name="x">The row's C scores.</param>
    /// <param name="c">C, the number of classes.</param>
    /// <param name="label">The row's class, in [0, C).</param>
    /// <param name="w">Class weights (C), or null.</param>
    /// <param name="totalWeight">The sum of the class weights (C without weights).</param>
    /// <param name="g">The row's gradient (C), or null.</param>
    /// <param name="smoothing">Label smoothing e.</param>
    /// <param name="scale">Multiplies the gradient (1 / the mean's denominator, or 1).</param>
    public static double Row<T>(VectorPath path, T* x, int c, long label, T* w, double totalWeight, T* g, double smoothing, double scale)
        where T : unmanaged
    {
        double max = Max(path, x, c);
        double expSum = SumExp(path, x, c, max);
        double lse = max + Math.Log(expSum);
        double wy = w is null ? 1.0 : KernelScalars.ToDouble(w[label]);
        double xy = KernelScalars.ToDouble(x[label]);
        double loss = (1 - smoothing) * wy * (lse - xy);
        if (smoothing != 0)
        {
            loss += smoothing / c * (totalWeight * lse - Dot(x, w, c));
        }

        if (g is not null)
        {
            double a = scale * ((1 - smoothing) * wy + smoothing * totalWeight / c);
            double b = scale * smoothing / c;
            WriteGradient(path, x, w, g, c, lse, a, b);
            g[label] = KernelScalars.FromDouble<T>(KernelScalars.ToDouble(g[label]) - scale * (1 - smoothing) * wy);
        }

        return loss;
    }

    private static double Max<T>(VectorPath path, T* x, int c)
        where T : unmanaged
    {
        int i = 0;
        double max = double.NegativeInfinity;
        if (typeof(T) == typeof(float))
        {
            float* f = (float*)x;
            if (path != VectorPath.Scalar && c >= 8)
            {
                // Vectors of 8; the last one overlaps the one before where C is not a multiple of 8 (max is idempotent).
                var m = Vector256.Load(f);
                for (i = 8; i <= c - 8; i += 8) m = Vector256.Max(m, Vector256.Load(f + i));
                if (i < c) m = Vector256.Max(m, Vector256.Load(f + c - 8));
                var h = Sse.Max(m.GetLower(), m.GetUpper());
                h = Sse.Max(h, Sse.Shuffle(h, h, 0b_01_00_11_10));
                h = Sse.Max(h, Sse.Shuffle(h, h, 0b_10_11_00_01));
                return h.ToScalar();
            }

            for (; i < c; i++) max = Math.Max(max, f[i]);
        }
        else
        {
            double* d = (double*)x;
            if (path != VectorPath.Scalar && c >= 4)
            {
                var m = Vector256.Load(d);
                for (i = 4; i <= c - 4; i += 4) m = Vector256.Max(m, Vector256.Load(d + i));
                if (i < c) m = Vector256.Max(m, Vector256.Load(d + c - 4));
                var h = Sse2.Max(m.GetLower(), m.GetUpper());
                return Math.Max(h.GetElement(0), h.GetElement(1));
            }

            for (; i < c; i++) max = Math.Max(max, d[i]);
        }

        return max;
    }

    private static readonly Vector256<float> Lanes8 = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
    private static readonly Vector256<double> Lanes4 = Vector256.Create(0.0, 1.0, 2.0, 3.0);

    // exp(x - max) never underflows below the clamp: a term that small adds nothing to a sum that is at least 1.
    // The clamp is max(lo, t), in that order: maxps returns its second operand when one is NaN, so NaN stays NaN.
    private const float FloatMinExponent = -87f;
    private const double DoubleMinExponent = -708.0;

    private static double SumExp<T>(VectorPath path, T* x, int c, double max)
        where T : unmanaged
    {
        int i = 0;
        if (typeof(T) == typeof(float))
        {
            float* f = (float*)x;
            float m = (float)max;
            double sum = 0;
            if (path == VectorPath.Avx512)
            {
                var acc = Vector512<float>.Zero;
                var vm = Vector512.Create(m);
                var lo = Vector512.Create(FloatMinExponent);
                for (; i <= c - 16; i += 16) acc += FloatSegment.Exp512(Avx512F.Max(lo, Vector512.Load(f + i) - vm));
                sum = Vector512.Sum(acc);
            }

            if (path != VectorPath.Scalar && c >= 8)
            {
                var acc = Vector256<float>.Zero;
                var vm = Vector256.Create(m);
                var lo = Vector256.Create(FloatMinExponent);
                for (; i <= c - 8; i += 8) acc += FloatSegment.Exp256(Avx.Max(lo, Vector256.Load(f + i) - vm));
                if (i < c)
                {
                    // The last 8 scores, of which the first 8 - (c - i) were summed already: masked out.
                    var e = FloatSegment.Exp256(Avx.Max(lo, Vector256.Load(f + c - 8) - vm));
                    var fresh = Vector256.GreaterThanOrEqual(Lanes8, Vector256.Create((float)(8 - (c - i))));
                    acc += Vector256.ConditionalSelect(fresh, e, Vector256<float>.Zero);
                    i = c;
                }

                sum += Vector256.Sum(acc);
            }

            for (; i < c; i++) sum += FloatSegment.Exp(MathF.Max(f[i] - m, FloatMinExponent));
            return sum;
        }
        else
        {
            double* d = (double*)x;
            double sum = 0;
            if (path == VectorPath.Avx512)
            {
                var acc = Vector512<double>.Zero;
                var vm = Vector512.Create(max);
                var lo = Vector512.Create(DoubleMinExponent);
                for (; i <= c - 8; i += 8) acc += DoubleSegment.Exp512(Avx512F.Max(lo, Vector512.Load(d + i) - vm));
                sum = Vector512.Sum(acc);
            }

            if (path != VectorPath.Scalar && c >= 4)
            {
                var acc = Vector256<double>.Zero;
                var vm = Vector256.Create(max);
                var lo = Vector256.Create(DoubleMinExponent);
                for (; i <= c - 4; i += 4) acc += DoubleSegment.Exp256(Avx.Max(lo, Vector256.Load(d + i) - vm));
                if (i < c)
                {
                    var e = DoubleSegment.Exp256(Avx.Max(lo, Vector256.Load(d + c - 4) - vm));
                    var fresh = Vector256.GreaterThanOrEqual(Lanes4, Vector256.Create((double)(4 - (c - i))));
                    acc += Vector256.ConditionalSelect(fresh, e, Vector256<double>.Zero);
                    i = c;
                }

                sum += Vector256.Sum(acc);
            }

            for (; i < c; i++) sum += DoubleSegment.Exp(Math.Max(d[i] - max, DoubleMinExponent));
            return sum;
        }
    }

    private static void WriteGradient<T>(VectorPath path, T* x, T* w, T* g, int c, double lse, double a, double b)
        where T : unmanaged
    {
        int i = 0;
        if (typeof(T) == typeof(float))
        {
            float* f = (float*)x, gf = (float*)g, wf = (float*)w;
            float l = (float)lse, fa = (float)a, fb = (float)b;
            if (path == VectorPath.Avx512)
            {
                var vl = Vector512.Create(l);
                var va = Vector512.Create(fa);
                var vb = Vector512.Create(fb);
                var lo = Vector512.Create(FloatMinExponent);
                for (; i <= c - 16; i += 16)
                {
                    var p = FloatSegment.Exp512(Avx512F.Max(lo, Vector512.Load(f + i) - vl));
                    var sub = wf is null ? vb : vb * Vector512.Load(wf + i);
                    Avx512F.FusedMultiplyAddNegated(Vector512<float>.One, sub, va * p).Store(gf + i);
                }
            }

            if (path != VectorPath.Scalar && c >= 8)
            {
                var vl = Vector256.Create(l);
                var va = Vector256.Create(fa);
                var vb = Vector256.Create(fb);
                var lo = Vector256.Create(FloatMinExponent);
                for (; ; i += 8)
                {
                    // The last vector overlaps the one before where C is not a multiple of 8: same values written twice.
                    if (i > c - 8)
                    {
                        if (i == c) break;
                        i = c - 8;
                    }

                    var p = FloatSegment.Exp256(Avx.Max(lo, Vector256.Load(f + i) - vl));
                    var sub = wf is null ? vb : vb * Vector256.Load(wf + i);
                    (va * p - sub).Store(gf + i);
                    if (i == c - 8)
                    {
                        i = c;
                        break;
                    }
                }
            }

            for (; i < c; i++)
            {
                gf[i] = fa * FloatSegment.Exp(MathF.Max(f[i] - l, FloatMinExponent)) - fb * (wf is null ? 1f : wf[i]);
            }
        }
        else
        {
            double* d = (double*)x, gd = (double*)g, wd = (double*)w;
            if (path == VectorPath.Avx512)
            {
                var vl = Vector512.Create(lse);
                var va = Vector512.Create(a);
                var vb = Vector512.Create(b);
                var lo = Vector512.Create(DoubleMinExponent);
                for (; i <= c - 8; i += 8)
                {
                    var p = DoubleSegment.Exp512(Avx512F.Max(lo, Vector512.Load(d + i) - vl));
                    var sub = wd is null ? vb : vb * Vector512.Load(wd + i);
                    (va * p - sub).Store(gd + i);
                }
            }

            if (path != VectorPath.Scalar && c >= 4)
            {
                var vl = Vector256.Create(lse);
                var va = Vector256.Create(a);
                var vb = Vector256.Create(b);
                var lo = Vector256.Create(DoubleMinExponent);
                for (; ; i += 4)
                {
                    if (i > c - 4)
                    {
                        if (i == c) break;
                        i = c - 4;
                    }

                    var p = DoubleSegment.Exp256(Avx.Max(lo, Vector256.Load(d + i) - vl));
                    var sub = wd is null ? vb : vb * Vector256.Load(wd + i);
                    (va * p - sub).Store(gd + i);
                    if (i == c - 4)
                    {
                        i = c;
                        break;
                    }
                }
            }

            for (; i < c; i++)
            {
                gd[i] = a * DoubleSegment.Exp(Math.Max(d[i] - lse, DoubleMinExponent)) - b * (wd is null ? 1.0 : wd[i]);
            }
        }
    }

    /// <summary>sum_c w_c x_c (sum_c x_c without weights), in double.</summary>
    private static double Dot<T>(T* x, T* w, int c)
        where T : unmanaged
    {
        double sum = 0;
        for (int i = 0; i < c; i++) sum += KernelScalars.ToDouble(x[i]) * (w is null ? 1.0 : KernelScalars.ToDouble(w[i]));
        return sum;
    }
}
