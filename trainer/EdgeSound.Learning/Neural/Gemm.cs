using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeSound.Learning.Neural;

/// <summary>
/// Single-precision matrix product C (+)= A·B, the one hot loop of the CNN (convolution through im2col, its two
/// gradients, the dense layer). B and C are row-major with unit column stride. A is addressed through a row
/// stride and a column stride, so the same kernel multiplies by A or by Aᵀ without a copy:
/// element (i, l) of A is <c>a[i * aRowStride + l * aColStride]</c>.
/// The kernel is register-blocked: a tile of 8 rows by 32 columns of C lives in 16 Vector512 accumulators while
/// the reduction runs, each step being one broadcast of an A element and two fused multiply-adds per row.
/// Single-threaded: callers parallelise over the batch.
/// </summary>
public static class Gemm
{
    private const int RowBlock = 8;
    private const int Lanes = 16;

    /// <summary>C[m×n] = A[m×k]·B[k×n] (or C += A·B when <paramref name="accumulate"/>).</summary>
    public static unsafe void Multiply(
        int m, int n, int k,
        ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc,
        bool accumulate)
    {
        if (m < 0 || n < 0 || k < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"Gemm dimensions must be non-negative (m={m}, n={n}, k={k}).");
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        CheckExtent(a.Length, (long)(m - 1) * aRowStride + (long)(k - 1) * aColStride + 1, k, nameof(a));
        CheckExtent(b.Length, (long)(k - 1) * ldb + n, k, nameof(b));
        CheckExtent(c.Length, (long)(m - 1) * ldc + n, 1, nameof(c));

        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            int j = 0;
            for (; j + 2 * Lanes <= n; j += 2 * Lanes)
            {
                int i = 0;
                for (; i + RowBlock <= m; i += RowBlock)
                {
                    Kernel8x32(k, pa + (long)i * aRowStride, aRowStride, aColStride, pb + j, ldb, pc + (long)i * ldc + j, ldc, accumulate);
                }

                for (; i < m; i++)
                {
                    RowKernel(k, 2 * Lanes, pa + (long)i * aRowStride, aColStride, pb + j, ldb, pc + (long)i * ldc + j, accumulate);
                }
            }

            if (j + Lanes <= n)
            {
                int i = 0;
                for (; i + RowBlock <= m; i += RowBlock)
                {
                    Kernel8x16(k, pa + (long)i * aRowStride, aRowStride, aColStride, pb + j, ldb, pc + (long)i * ldc + j, ldc, accumulate);
                }

                for (; i < m; i++)
                {
                    RowKernel(k, Lanes, pa + (long)i * aRowStride, aColStride, pb + j, ldb, pc + (long)i * ldc + j, accumulate);
                }

                j += Lanes;
            }

            if (j < n)
            {
                for (int i = 0; i < m; i++)
                {
                    ScalarTail(k, n - j, pa + (long)i * aRowStride, aColStride, pb + j, ldb, pc + (long)i * ldc + j, accumulate);
                }
            }
        }
    }

    private static void CheckExtent(int length, long needed, int k, string name)
    {
        if (k > 0 && length < needed)
        {
            throw new ArgumentException($"Gemm operand '{name}' holds {length} values but the strides need {needed}.", name);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel8x32(int k, float* a, int rs, int cs, float* b, int ldb, float* c, int ldc, bool accumulate)
    {
        Vector512<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (accumulate)
        {
            c00 = Vector512.Load(c); c01 = Vector512.Load(c + 16);
            c10 = Vector512.Load(c + ldc); c11 = Vector512.Load(c + ldc + 16);
            c20 = Vector512.Load(c + 2 * ldc); c21 = Vector512.Load(c + 2 * ldc + 16);
            c30 = Vector512.Load(c + 3 * ldc); c31 = Vector512.Load(c + 3 * ldc + 16);
            c40 = Vector512.Load(c + 4 * ldc); c41 = Vector512.Load(c + 4 * ldc + 16);
            c50 = Vector512.Load(c + 5 * ldc); c51 = Vector512.Load(c + 5 * ldc + 16);
            c60 = Vector512.Load(c + 6 * ldc); c61 = Vector512.Load(c + 6 * ldc + 16);
            c70 = Vector512.Load(c + 7 * ldc); c71 = Vector512.Load(c + 7 * ldc + 16);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = Vector512<float>.Zero;
            c40 = c41 = c50 = c51 = c60 = c61 = c70 = c71 = Vector512<float>.Zero;
        }

        float* a1 = a + rs, a2 = a + 2 * rs, a3 = a + 3 * rs, a4 = a + 4 * rs, a5 = a + 5 * rs, a6 = a + 6 * rs, a7 = a + 7 * rs;
        long off = 0;
        for (int l = 0; l < k; l++, off += cs, b += ldb)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            Vector512<float> x = Vector512.Create(a[off]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a1[off]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a2[off]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a3[off]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a4[off]);
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a5[off]);
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a6[off]);
            c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a7[off]);
            c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
        }

        c00.Store(c); c01.Store(c + 16);
        c10.Store(c + ldc); c11.Store(c + ldc + 16);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
        c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16);
        c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16);
        c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 16);
        c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Kernel8x16(int k, float* a, int rs, int cs, float* b, int ldb, float* c, int ldc, bool accumulate)
    {
        Vector512<float> c0, c1, c2, c3, c4, c5, c6, c7;
        if (accumulate)
        {
            c0 = Vector512.Load(c); c1 = Vector512.Load(c + ldc); c2 = Vector512.Load(c + 2 * ldc); c3 = Vector512.Load(c + 3 * ldc);
            c4 = Vector512.Load(c + 4 * ldc); c5 = Vector512.Load(c + 5 * ldc); c6 = Vector512.Load(c + 6 * ldc); c7 = Vector512.Load(c + 7 * ldc);
        }
        else
        {
            c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = Vector512<float>.Zero;
        }

        float* a1 = a + rs, a2 = a + 2 * rs, a3 = a + 3 * rs, a4 = a + 4 * rs, a5 = a + 5 * rs, a6 = a + 6 * rs, a7 = a + 7 * rs;
        long off = 0;
        for (int l = 0; l < k; l++, off += cs, b += ldb)
        {
            Vector512<float> b0 = Vector512.Load(b);
            c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[off]), b0, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.Create(a1[off]), b0, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.Create(a2[off]), b0, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.Create(a3[off]), b0, c3);
            c4 = Vector512.FusedMultiplyAdd(Vector512.Create(a4[off]), b0, c4);
            c5 = Vector512.FusedMultiplyAdd(Vector512.Create(a5[off]), b0, c5);
            c6 = Vector512.FusedMultiplyAdd(Vector512.Create(a6[off]), b0, c6);
            c7 = Vector512.FusedMultiplyAdd(Vector512.Create(a7[off]), b0, c7);
        }

        c0.Store(c); c1.Store(c + ldc); c2.Store(c + 2 * ldc); c3.Store(c + 3 * ldc);
        c4.Store(c + 4 * ldc); c5.Store(c + 5 * ldc); c6.Store(c + 6 * ldc); c7.Store(c + 7 * ldc);
    }

    /// <summary>One row of C over <paramref name="width"/> columns (16 or 32).</summary>
    private static unsafe void RowKernel(int k, int width, float* a, int cs, float* b, int ldb, float* c, bool accumulate)
    {
        Vector512<float> c0 = accumulate ? Vector512.Load(c) : Vector512<float>.Zero;
        Vector512<float> c1 = accumulate && width > Lanes ? Vector512.Load(c + Lanes) : Vector512<float>.Zero;
        long off = 0;
        if (width > Lanes)
        {
            for (int l = 0; l < k; l++, off += cs, b += ldb)
            {
                Vector512<float> x = Vector512.Create(a[off]);
                c0 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b), c0);
                c1 = Vector512.FusedMultiplyAdd(x, Vector512.Load(b + Lanes), c1);
            }

            c1.Store(c + Lanes);
        }
        else
        {
            for (int l = 0; l < k; l++, off += cs, b += ldb)
            {
                c0 = Vector512.FusedMultiplyAdd(Vector512.Create(a[off]), Vector512.Load(b), c0);
            }
        }

        c0.Store(c);
    }

    private static unsafe void ScalarTail(int k, int width, float* a, int cs, float* b, int ldb, float* c, bool accumulate)
    {
        for (int j = 0; j < width; j++)
        {
            float sum = accumulate ? c[j] : 0f;
            long off = 0;
            float* bj = b + j;
            for (int l = 0; l < k; l++, off += cs, bj += ldb)
            {
                sum = MathF.FusedMultiplyAdd(a[off], *bj, sum);
            }

            c[j] = sum;
        }
    }
}
