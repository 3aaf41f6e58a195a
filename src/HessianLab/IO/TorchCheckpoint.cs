using HessianLab.Models;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace HessianLab.IO;

/// <summary>Exchanges an <see cref="Mlp"/>'s weights with PyTorch: <c>torch.save(model.state_dict())</c> files
/// (.pt/.pth, pickled zip) and safetensors files, through TorchSharp.PyBridge.</summary>
/// <remarks>
/// Keys follow the PyTorch model that has the same function, <c>nn.Sequential(nn.Linear(d_0, d_1), act,
/// nn.Linear(d_1, d_2), …)</c>: layer l's weight and bias are "{2(l−1)}.weight" and "{2(l−1)}.bias" (an
/// activation module sits at every odd index and has no parameters); weights are (out, in) as in nn.Linear, so
/// values are copied without transposing. <see cref="MlpKeyStyle.Native"/> uses the library's own names W1, b1, ….
/// Loading is strict: every key of the architecture must be present with the right shape and no other key may
/// appear; values are converted to the model's dtype. Safetensors layout (huggingface/safetensors): an 8-byte
/// little-endian header length n, n bytes of JSON {name: {dtype, shape, data_offsets}}, then the raw little-endian data.
/// </remarks>
public static class TorchCheckpoint
{
    /// <summary>Writes the MLP as a PyTorch state_dict file that <c>torch.load</c> reads.</summary>
    /// <param name="model">The network.</param>
    /// <param name="path">Target file (.pt or .pth by convention).</param>
    /// <param name="style">Key names (default: PyTorch's nn.Sequential).</param>
    /// <param name="dtype">Element type written (default: the model's).</param>
    public static void SavePyTorch(Mlp model, string path, MlpKeyStyle style = MlpKeyStyle.Sequential, ScalarType? dtype = null) =>
        WithCarrier(model, style, dtype, carrier => carrier.save_py(CheckPath(path)));

    /// <summary>Loads a PyTorch state_dict file (written by <c>torch.save(model.state_dict(), path)</c>) into the MLP.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Missing, unexpected or misshapen keys (the message names them).</exception>
    public static void LoadPyTorch(Mlp model, string path, MlpKeyStyle style = MlpKeyStyle.Sequential) =>
        Load(model, path, style, (carrier, p) => carrier.load_py(p, strict: true));

    /// <summary>Writes the MLP as a safetensors file.</summary>
    /// <param name="model">The network.</param>
    /// <param name="path">Target file (.safetensors by convention).</param>
    /// <param name="style">Key names (default: PyTorch's nn.Sequential).</param>
    /// <param name="dtype">Element type written (default: the model's).</param>
    public static void SaveSafetensors(Mlp model, string path, MlpKeyStyle style = MlpKeyStyle.Sequential, ScalarType? dtype = null) =>
        WithCarrier(model, style, dtype, carrier => carrier.save_safetensors(CheckPath(path)));

    /// <summary>Loads a safetensors file (e.g. <c>safetensors.torch.save_file(model.state_dict(), path)</c>) into the MLP.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Missing, unexpected or misshapen keys, or a malformed file.</exception>
    public static void LoadSafetensors(Mlp model, string path, MlpKeyStyle style = MlpKeyStyle.Sequential) =>
        Load(model, path, style, (carrier, p) => carrier.load_safetensors(p, strict: true));

    /// <summary>The key of layer <paramref name="l"/>'s weight (1-based) in a given style.</summary>
    public static string WeightKey(int l, MlpKeyStyle style) => style == MlpKeyStyle.Native ? $"W{l}" : $"{2 * (l - 1)}.weight";

    /// <summary>The key of layer <paramref name="l"/>'s bias (1-based) in a given style.</summary>
    public static string BiasKey(int l, MlpKeyStyle style) => style == MlpKeyStyle.Native ? $"b{l}" : $"{2 * (l - 1)}.bias";

    private static void Load(Mlp model, string path, MlpKeyStyle style, Action<nn.Module, string> load)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckPath(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"no checkpoint at {path}", path);
        using var carrier = new StateCarrier(model, style, model.Weight(1).dtype);
        try
        {
            load(carrier, path);
        }
        catch (Exception e) when (e is not (FileNotFoundException or OutOfMemoryException))
        {
            throw new InvalidDataException($"{path} does not hold the state_dict of an MLP {model.Spec.WidthsText} " +
                $"(bias {model.Spec.Bias}) with keys {string.Join(", ", carrier.Keys)}: {e.Message}", e);
        }
        carrier.CopyTo(model);
    }

    private static void WithCarrier(Mlp model, MlpKeyStyle style, ScalarType? dtype, Action<nn.Module> save)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var carrier = new StateCarrier(model, style, dtype ?? model.Weight(1).dtype);
        carrier.CopyFrom(model);
        save(carrier);
    }

    private static string CheckPath(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("the path is empty", nameof(path));
        return path;
    }
}
