using static TorchSharp.torch;

namespace HessianLab.IO;

/// <summary>The tensors and metadata read from a safetensors file; disposing it disposes the tensors.</summary>
/// <param name="Tensors">CPU tensors by name (F16/BF16 already converted to float32).</param>
/// <param name="Metadata">The file's <c>__metadata__</c> map (empty when absent).</param>
public sealed record SafetensorsContent(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in Tensors.Values) t.Dispose();
    }
}
