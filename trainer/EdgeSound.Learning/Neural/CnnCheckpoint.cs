using System.Text;
using System.Text.Json;
using EdgeSound.Dsp.Files;

namespace EdgeSound.Learning.Neural;

/// <summary>
/// Saves and restores a trained float <see cref="CnnModel"/> (architecture, every parameter, batch-norm running
/// statistics) so quantization and export can be redone without retraining. Little-endian binary:
/// magic "ESCNN1", architecture JSON, named float arrays, then a free-form JSON note (how the model was trained).
/// </summary>
public static class CnnCheckpoint
{
    private const string Magic = "ESCNN1";

    /// <summary>Writes the checkpoint to <paramref name="path"/> whole or not at all (see <see cref="AtomicFile"/>).</summary>
    public static void Save(CnnModel model, string path, string note) => AtomicFile.Write(path, stream => Write(model, stream, note));

    private static void Write(CnnModel model, Stream stream, string note)
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        CnnArchitecture a = model.Architecture;
        writer.Write(JsonSerializer.Serialize(new ArchitectureDto(a.Frames, a.Bands, a.Classes, [.. a.Channels], [.. a.Pool], a.DropoutRate, a.InputScale, [.. a.Separable], a.GlobalPooling.Name())));
        List<(string Name, float[] Values)> tensors = Tensors(model);
        writer.Write(tensors.Count);
        foreach ((string name, float[] values) in tensors)
        {
            writer.Write(name);
            writer.Write(values.Length);
            foreach (float v in values)
            {
                writer.Write(v);
            }
        }

        writer.Write(note);
    }

    /// <summary>Restores the model and the note saved with it.</summary>
    public static (CnnModel Model, string Note) Load(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException($"{path}: not an EdgeSound CNN checkpoint (bad magic).");
            }

            CnnModel model = CnnModel.Create(ReadArchitecture(reader.ReadString(), path), 0);
            var byName = new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach ((string name, float[] values) in Tensors(model))
            {
                byName[name] = values;
            }

            int count = reader.ReadInt32();
            if (count != byName.Count)
            {
                throw new InvalidDataException($"{path}: holds {count} tensors, the architecture has {byName.Count}.");
            }

            for (int t = 0; t < count; t++)
            {
                string name = reader.ReadString();
                int length = reader.ReadInt32();
                if (!byName.TryGetValue(name, out float[]? target) || target.Length != length)
                {
                    throw new InvalidDataException($"{path}: tensor '{name}' ({length} values) does not match the architecture.");
                }

                for (int i = 0; i < length; i++)
                {
                    target[i] = reader.ReadSingle();
                }
            }

            return (model, reader.ReadString());
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{path}: checkpoint is truncated.", e);
        }
    }

    /// <summary>The architecture JSON of a checkpoint, checked.</summary>
    /// <exception cref="InvalidDataException">it is not valid JSON of an architecture, or the architecture is invalid; the message names <paramref name="path"/>.</exception>
    private static CnnArchitecture ReadArchitecture(string json, string path)
    {
        try
        {
            ArchitectureDto dto = JsonSerializer.Deserialize<ArchitectureDto>(json)
                ?? throw new InvalidDataException($"{path}: missing architecture.");
            var architecture = new CnnArchitecture
            {
                Frames = dto.Frames,
                Bands = dto.Bands,
                Classes = dto.Classes,
                Channels = dto.Channels ?? [],
                Pool = dto.Pool ?? [],
                Separable = dto.Separable ?? [],
                GlobalPooling = dto.GlobalPooling is { } pooling ? GlobalPoolings.Parse(pooling) : GlobalPooling.Average,
                DropoutRate = dto.DropoutRate,
                InputScale = dto.InputScale,
            };
            architecture.Validate();
            return architecture;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: checkpoint architecture is not valid JSON ({e.Message})", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    private static List<(string, float[])> Tensors(CnnModel model)
    {
        var list = new List<(string, float[])>();
        foreach (Parameter p in model.Network.Parameters)
        {
            list.Add((p.Name, p.Value));
        }

        for (int i = 0; i < model.Units.Count; i++)
        {
            list.Add(($"bn{i + 1}.running_mean", model.Units[i].Norm.RunningMean));
            list.Add(($"bn{i + 1}.running_var", model.Units[i].Norm.RunningVariance));
        }

        return list;
    }

    /// <param name="Separable">Null in checkpoints written before depthwise-separable blocks existed: all full blocks.</param>
    /// <param name="GlobalPooling">A <see cref="GlobalPoolings.Names"/> entry; null in checkpoints written before the choice existed: average.</param>
    private sealed record ArchitectureDto(int Frames, int Bands, int Classes, int[]? Channels, bool[]? Pool, double DropoutRate, float InputScale, bool[]? Separable, string? GlobalPooling);
}
