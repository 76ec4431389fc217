using System.Runtime.Intrinsics;

namespace EdgeSound.Learning.Neural;

/// <summary>
/// 2×2 max pooling with stride 2 (odd trailing rows/columns dropped, as ONNX MaxPool without padding does).
/// The backward pass routes each output gradient to the first of the four inputs equal to the maximum.
/// </summary>
public sealed class MaxPool2(FeatureShape input) : Layer(input, new FeatureShape(input.Height / 2, input.Width / 2, input.Channels))
{
    public override void Forward(float[] input, float[] output, int batch, bool training, Workers workers)
    {
        workers.For(batch, (_, start, end) =>
        {
            for (int n = start; n < end; n++)
            {
                Pool(input.AsSpan(n * InputShape.Size, InputShape.Size), output.AsSpan(n * OutputShape.Size, OutputShape.Size));
            }
        });
    }

    public override void Backward(float[] input, float[] output, float[] outputGradient, float[]? inputGradient, int batch, Workers workers)
    {
        if (inputGradient is null)
        {
            return;
        }

        workers.For(batch, (_, start, end) =>
        {
            for (int n = start; n < end; n++)
            {
                Route(input.AsSpan(n * InputShape.Size, InputShape.Size), output.AsSpan(n * OutputShape.Size, OutputShape.Size),
                    outputGradient.AsSpan(n * OutputShape.Size, OutputShape.Size), inputGradient.AsSpan(n * InputShape.Size, InputShape.Size));
            }
        });
    }

    private void Pool(ReadOnlySpan<float> x, Span<float> y)
    {
        int c = InputShape.Channels, w = InputShape.Width;
        for (int oy = 0; oy < OutputShape.Height; oy++)
        {
            for (int ox = 0; ox < OutputShape.Width; ox++)
            {
                int i00 = ((2 * oy) * w + 2 * ox) * c;
                int i10 = i00 + w * c;
                Span<float> dst = y.Slice((oy * OutputShape.Width + ox) * c, c);
                int ch = 0;
                for (; ch + 16 <= c; ch += 16)
                {
                    Vector512<float> m = Vector512.Max(
                        Vector512.Max(Vector512.Create(x.Slice(i00 + ch, 16)), Vector512.Create(x.Slice(i00 + c + ch, 16))),
                        Vector512.Max(Vector512.Create(x.Slice(i10 + ch, 16)), Vector512.Create(x.Slice(i10 + c + ch, 16))));
                    m.CopyTo(dst.Slice(ch, 16));
                }

                for (; ch < c; ch++)
                {
                    dst[ch] = MathF.Max(MathF.Max(x[i00 + ch], x[i00 + c + ch]), MathF.Max(x[i10 + ch], x[i10 + c + ch]));
                }
            }
        }
    }

    private void Route(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        int c = InputShape.Channels, w = InputShape.Width;
        dx.Clear();
        for (int oy = 0; oy < OutputShape.Height; oy++)
        {
            for (int ox = 0; ox < OutputShape.Width; ox++)
            {
                int o = (oy * OutputShape.Width + ox) * c;
                int i00 = ((2 * oy) * w + 2 * ox) * c;
                int i10 = i00 + w * c;
                int ch = 0;
                for (; ch + 16 <= c; ch += 16)
                {
                    Vector512<float> m = Vector512.Create(y.Slice(o + ch, 16));
                    Vector512<float> g = Vector512.Create(dy.Slice(o + ch, 16));
                    Vector512<float> e0 = Vector512.Equals(Vector512.Create(x.Slice(i00 + ch, 16)), m);
                    Vector512<float> taken = e0;
                    Vector512<float> e1 = Vector512.AndNot(Vector512.Equals(Vector512.Create(x.Slice(i00 + c + ch, 16)), m), taken);
                    taken |= e1;
                    Vector512<float> e2 = Vector512.AndNot(Vector512.Equals(Vector512.Create(x.Slice(i10 + ch, 16)), m), taken);
                    taken |= e2;
                    Vector512<float> e3 = Vector512.AndNot(Vector512<float>.AllBitsSet, taken);
                    (g & e0).CopyTo(dx.Slice(i00 + ch, 16));
                    (g & e1).CopyTo(dx.Slice(i00 + c + ch, 16));
                    (g & e2).CopyTo(dx.Slice(i10 + ch, 16));
                    (g & e3).CopyTo(dx.Slice(i10 + c + ch, 16));
                }

                for (; ch < c; ch++)
                {
                    float m = y[o + ch];
                    int target = x[i00 + ch] == m ? i00 : x[i00 + c + ch] == m ? i00 + c : x[i10 + ch] == m ? i10 : i10 + c;
                    dx[target + ch] = dy[o + ch];
                }
            }
        }
    }
}
