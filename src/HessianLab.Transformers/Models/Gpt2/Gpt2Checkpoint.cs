using System.Text.RegularExpressions;
using HessianLab.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Models.Gpt2;

/// <summary>Loads and saves GPT-2 models as Hugging Face style folders: <c>config.json</c> + <c>model.safetensors</c>.</summary>
/// <remarks>Two name layouts are accepted: the original "gpt2" files' unprefixed names (wte.weight, h.0.attn.c_attn.weight,
/// …, with the causal-mask buffers h.N.attn.bias and h.N.attn.masked_bias, which are ignored) and the
/// "transformer."-prefixed names of newer <c>save_pretrained</c>, optionally with lm_head.weight, which must equal
/// wte.weight (the head is tied). The model takes the checkpoint's dtype: F64 → float64, F32 → float32, F16/BF16 →
/// float32. Missing, unexpected and mis-shaped tensors are errors that name them.</remarks>
public static partial class Gpt2Checkpoint
{
    /// <summary>Weights file name inside the folder.</summary>
    public const string WeightsFile = "model.safetensors";

    /// <summary>Config file name inside the folder.</summary>
    public const string ConfigFile = "config.json";

    /// <summary>Reads the folder's config.json only (cheap: for validating inputs before loading the weights).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">config.json is missing.</exception>
    public static Gpt2Config ReadConfig(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"checkpoint folder '{folder}' does not exist");
        string path = Path.Combine(folder, ConfigFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"checkpoint folder '{folder}' has no {ConfigFile}", path);
        return Gpt2Config.Load(path);
    }

    /// <summary>Loads the model of <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidDataException">Malformed files, or tensors missing, unexpected, mis-shaped or (lm_head) untied.</exception>
    public static Gpt2Model Load(string folder, Device? device = null)
    {
        var config = ReadConfig(folder);
        string weights = Path.Combine(folder, WeightsFile);
        if (!File.Exists(weights)) throw new FileNotFoundException($"checkpoint folder '{folder}' has no {WeightsFile}", weights);
        using var content = Safetensors.Load(weights);
        var tensors = Canonical(content.Tensors, weights);
        if (!tensors.TryGetValue("wte.weight", out var wte)) throw new InvalidDataException($"{weights}: tensor wte.weight is missing");
        var dtype = wte.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        var model = new Gpt2Model(config, seed: null, dtype, device);
        try
        {
            Assign(model, tensors, weights);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        return model;
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="folder"/> (created) with the unprefixed names and config.json.</summary>
    public static void Save(Gpt2Model model, string folder)
    {
        Directory.CreateDirectory(folder);
        var tensors = model.named_parameters().ToDictionary(np => np.name, np => (Tensor)np.parameter);
        Safetensors.Save(Path.Combine(folder, WeightsFile), tensors, new Dictionary<string, string> { ["format"] = "pt" });
        AtomicFile.WriteText(Path.Combine(folder, ConfigFile), model.Config.ToJson());
    }

    /// <summary>Maps either layout onto the unprefixed names; drops mask buffers; checks a present lm_head is tied.</summary>
    private static Dictionary<string, Tensor> Canonical(IReadOnlyDictionary<string, Tensor> raw, string source)
    {
        bool prefixed = raw.Keys.Any(k => k.StartsWith("transformer.", StringComparison.Ordinal));
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        Tensor? head = null;
        foreach (var (name, t) in raw)
        {
            if (name == "lm_head.weight") { head = t; continue; }
            string canonical = prefixed
                ? name.StartsWith("transformer.", StringComparison.Ordinal) ? name["transformer.".Length..]
                  : throw new InvalidDataException($"{source}: tensor '{name}' lacks the 'transformer.' prefix the other tensors have")
                : name;
            if (MaskBuffer().IsMatch(canonical)) continue;
            result[canonical] = t;
        }
        if (head is not null && result.TryGetValue("wte.weight", out var wte))
        {
            if (!head.shape.SequenceEqual(wte.shape) || !head.eq(wte).all().item<bool>())
                throw new InvalidDataException($"{source}: lm_head.weight differs from wte.weight; GPT-2's head is tied to the token embedding");
        }
        return result;
    }

    private static void Assign(Gpt2Model model, Dictionary<string, Tensor> tensors, string source)
    {
        var parameters = model.named_parameters().ToList();
        var missing = parameters.Select(p => p.name).Where(n => !tensors.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{source}: {missing.Count} tensor(s) missing for the config's {model.Config.Layers}-layer model: {Names(missing)}");
        var known = parameters.Select(p => p.name).ToHashSet(StringComparer.Ordinal);
        var unexpected = tensors.Keys.Where(n => !known.Contains(n)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        if (unexpected.Count > 0) throw new InvalidDataException($"{source}: {unexpected.Count} unexpected tensor(s) for a GPT-2 model: {Names(unexpected)}");
        foreach (var (name, p) in parameters)
        {
            var t = tensors[name];
            if (!t.shape.SequenceEqual(p.shape))
                throw new InvalidDataException($"{source}: tensor {name} has shape [{string.Join(", ", t.shape)}], the config needs [{string.Join(", ", p.shape)}]");
            if (!t.is_floating_point()) throw new InvalidDataException($"{source}: tensor {name} has dtype {t.dtype}, not floating point");
        }
        using var _ = torch.no_grad();
        foreach (var (name, p) in parameters) p.copy_(tensors[name]);
    }

    private static string Names(List<string> names) => string.Join(", ", names.Take(6)) + (names.Count > 6 ? $", … ({names.Count - 6} more)" : "");

    [GeneratedRegex(@"^h\.\d+\.attn\.(bias|masked_bias)$")]
    private static partial Regex MaskBuffer();
}
