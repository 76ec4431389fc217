namespace EdgeSound.Learning.Neural;

/// <summary>
/// Shape of one sample's feature map, stored channels-last: value (y, x, c) at <c>(y * Width + x) * Channels + c</c>.
/// A batch is <c>N * Size</c> values, sample after sample. For the CNN input, Height is frames (time), Width is
/// mel bands and Channels is 1, which is the same memory order as ONNX's [N, 1, frames, bands].
/// </summary>
public readonly record struct FeatureShape(int Height, int Width, int Channels)
{
    /// <summary>Values per sample.</summary>
    public int Size => Height * Width * Channels;

    /// <summary>Pixels per sample (Height × Width).</summary>
    public int Pixels => Height * Width;

    public override string ToString() => $"{Height}x{Width}x{Channels}";
}
