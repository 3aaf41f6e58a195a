using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Core;

/// <summary>Turns a device name into a torch device, refusing what this build cannot do.</summary>
public static class Devices
{
    /// <summary>"cpu" (default) or "cuda"/"cuda:N" when this TorchSharp build has CUDA.</summary>
    /// <exception cref="ArgumentException">Unknown name, or CUDA requested without CUDA support.</exception>
    public static Device Parse(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        if (n == "cpu") return CPU;
        if (n == "cuda" || n.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new ArgumentException($"device '{name}': this TorchSharp build has no CUDA device (reference TorchSharp-cuda-linux instead of TorchSharp-cpu to use a GPU)", nameof(name));
            return torch.device(n);
        }
        throw new ArgumentException($"device '{name}' is not a device; use cpu or cuda[:N]", nameof(name));
    }
}
