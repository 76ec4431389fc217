using System.Security.Cryptography;
using Google.Protobuf;

namespace EdgeSound.Inference;

/// <summary>
/// The SHA-256 a model file records for itself, and the one its bytes give. Definition: the SHA-256 of the file's
/// bytes with the one top-level <c>ModelProto.metadata_props</c> entry (field 14) whose key is
/// <see cref="ModelMetadataKeys.ContentSha256"/> left out (its tag, length and payload), written as 64 lower-case hex
/// digits in that entry's value. It covers everything else in the file: the graph with its weights (initializers),
/// the opset, the other metadata (labels, frontend, window plan) and the protobuf framing. The model card beside
/// a model gives the SHA-256 of the whole file, entry included.
/// </summary>
/// <param name="Recorded">The hash in the file's metadata; null when the file records none.</param>
/// <param name="Computed">The hash of the file's bytes as defined above.</param>
public sealed record ModelDigest(string? Recorded, string Computed)
{
    private const int MetadataPropsField = 14;
    private const int KeyField = 1;
    private const int ValueField = 2;

    /// <summary>Whether the file records a hash and it equals the computed one.</summary>
    public bool Matches => Recorded == Computed;

    /// <summary>Reads the recorded hash and computes the actual one. Throws <see cref="InvalidDataException"/> when the
    /// bytes are not a protobuf message at the top level (truncated, not ONNX) or record the hash twice.</summary>
    public static ModelDigest Of(byte[] model)
    {
        (byte[] content, string? recorded) = Split(model);
        return new ModelDigest(recorded, Hash(content));
    }

    /// <summary><see cref="Of(byte[])"/> for a file's bytes: its <see cref="InvalidDataException"/> message is prefixed
    /// with <paramref name="source"/> (the path, and the option that named it), so the one line says which file.</summary>
    public static ModelDigest Of(byte[] model, string source)
    {
        try
        {
            return Of(model);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
    }

    /// <summary>The model with its hash recorded: any earlier <see cref="ModelMetadataKeys.ContentSha256"/> entry is
    /// removed and a new one, over the remaining bytes, is appended. The graph's bytes are not touched, so the model
    /// computes exactly what it did. Throws <see cref="InvalidDataException"/> like <see cref="Of"/>.</summary>
    public static byte[] Seal(byte[] model)
    {
        (byte[] content, _) = Split(model);
        using var entryBytes = new MemoryStream();
        var entry = new CodedOutputStream(entryBytes);
        entry.WriteTag(KeyField, WireFormat.WireType.LengthDelimited);
        entry.WriteString(ModelMetadataKeys.ContentSha256);
        entry.WriteTag(ValueField, WireFormat.WireType.LengthDelimited);
        entry.WriteString(Hash(content));
        entry.Flush();

        using var sealedBytes = new MemoryStream();
        sealedBytes.Write(content);
        var tail = new CodedOutputStream(sealedBytes);
        tail.WriteTag(MetadataPropsField, WireFormat.WireType.LengthDelimited);
        tail.WriteBytes(ByteString.CopyFrom(entryBytes.ToArray()));
        tail.Flush();
        return sealedBytes.ToArray();
    }

    private static string Hash(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>The file's bytes without the hash entry, and the hash that entry records.</summary>
    private static (byte[] Content, string? Recorded) Split(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        try
        {
            var input = new CodedInputStream(model);
            using var content = new MemoryStream(model.Length);
            string? recorded = null;
            long kept = 0;
            while (true)
            {
                long fieldStart = input.Position;
                uint tag = input.ReadTag();
                if (tag == 0)
                {
                    break;
                }

                if (WireFormat.GetTagFieldNumber(tag) != MetadataPropsField
                    || WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
                {
                    input.SkipLastField();
                    continue;
                }

                (string key, string value) = ReadEntry(input.ReadBytes());
                if (key != ModelMetadataKeys.ContentSha256)
                {
                    continue;
                }

                if (recorded is not null)
                {
                    throw new InvalidDataException($"metadata '{ModelMetadataKeys.ContentSha256}' is recorded twice");
                }

                recorded = value;
                content.Write(model, (int)kept, (int)(fieldStart - kept));
                kept = input.Position;
            }

            content.Write(model, (int)kept, (int)(model.Length - kept));
            return (content.ToArray(), recorded);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"not an ONNX model file (protobuf: {e.Message})", e);
        }
    }

    private static (string Key, string Value) ReadEntry(ByteString bytes)
    {
        CodedInputStream entry = bytes.CreateCodedInput();
        string key = "";
        string value = "";
        uint tag;
        while ((tag = entry.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case KeyField:
                    key = entry.ReadString();
                    break;
                case ValueField:
                    value = entry.ReadString();
                    break;
                default:
                    entry.SkipLastField();
                    break;
            }
        }

        return (key, value);
    }
}
