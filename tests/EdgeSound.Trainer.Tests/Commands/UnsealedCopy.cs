using EdgeSound.Inference;
using EdgeSound.Learning.Onnx.Proto;
using EdgeSound.Tests.Shared;

namespace EdgeSound.Trainer.Tests.Commands;

/// <summary>A shipped model's graph and metadata without its recorded SHA-256, for tests that edit or re-seal it.</summary>
internal static class UnsealedCopy
{
    /// <summary>The model at <paramref name="repoPath"/> (relative to the checkout), its <c>edgesound.content_sha256</c> entry removed.</summary>
    public static ModelProto Of(string repoPath)
    {
        ModelProto proto = ModelProto.Parser.ParseFrom(File.ReadAllBytes(RepoPaths.File(repoPath)));
        proto.MetadataProps.Remove(proto.MetadataProps.Single(p => p.Key == ModelMetadataKeys.ContentSha256));
        return proto;
    }
}
