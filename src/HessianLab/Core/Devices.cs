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
        string n = Check(name);
        return n == "cpu" ? CPU : torch.device(n);
    }

    /// <summary>Checks a device name exactly as <see cref="Parse"/> does and returns it normalized, without touching
    /// libtorch for "cpu" (the first use of <c>torch</c> loads it: about 0.5 s), so options can be checked while
    /// libtorch still loads on another thread; only a CUDA request asks the library.</summary>
    /// <exception cref="ArgumentException">Unknown name, or CUDA requested without CUDA support.</exception>
    public static string Check(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        if (n == "cpu") return n;
        if (n == "cuda" || n.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new ArgumentException($"device '{name}': this TorchSharp build has no CUDA device (reference TorchSharp-cuda-linux instead of TorchSharp-cpu to use a GPU)", nameof(name));
            return n;
        }
        throw new ArgumentException($"device '{name}' is not a device; use cpu or cuda[:N]", nameof(name));
    }
}
