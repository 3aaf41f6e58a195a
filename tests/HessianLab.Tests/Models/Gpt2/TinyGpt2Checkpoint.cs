using System.Globalization;
using System.Text;
using HessianLab.Tests.IO;

namespace HessianLab.Tests.Models.Gpt2;

/// <summary>A 1-layer GPT-2 (width 8, 2 heads, vocab 11, 6 positions, ε = 1e-5) with seeded weights from System.Random,
/// written to a Hugging Face style folder byte by byte (hand-built JSON header, BitConverter data) — not by the library.</summary>
public sealed class TinyGpt2Checkpoint
{
    public const int D = 8, Heads = 2, Vocab = 11, Positions = 6, Hidden = 32;
    public const double Eps = 1e-5;

    /// <summary>Tensors in the original file's order: (unprefixed name, shape, values row-major).</summary>
    public List<(string Name, int[] Shape, double[] Values)> Tensors { get; } = new();

    public TinyGpt2Checkpoint(int seed = 11)
    {
        var rng = new Random(seed);
        double[] R(int n, double scale, double center = 0) => Enumerable.Range(0, n).Select(_ => center + scale * (2 * rng.NextDouble() - 1)).ToArray();
        void Add(string name, int[] shape, double scale, double center = 0) => Tensors.Add((name, shape, R(shape.Aggregate(1, (a, b) => a * b), scale, center)));
        Add("wte.weight", new[] { Vocab, D }, 1.0);
        Add("wpe.weight", new[] { Positions, D }, 0.5);
        Add("h.0.ln_1.weight", new[] { D }, 0.3, 1);
        Add("h.0.ln_1.bias", new[] { D }, 0.2);
        Add("h.0.attn.c_attn.weight", new[] { D, 3 * D }, 0.6);
        Add("h.0.attn.c_attn.bias", new[] { 3 * D }, 0.2);
        Add("h.0.attn.c_proj.weight", new[] { D, D }, 0.5);
        Add("h.0.attn.c_proj.bias", new[] { D }, 0.2);
        Add("h.0.ln_2.weight", new[] { D }, 0.3, 1);
        Add("h.0.ln_2.bias", new[] { D }, 0.2);
        Add("h.0.mlp.c_fc.weight", new[] { D, Hidden }, 0.6);
        Add("h.0.mlp.c_fc.bias", new[] { Hidden }, 0.3);
        Add("h.0.mlp.c_proj.weight", new[] { Hidden, D }, 0.3);
        Add("h.0.mlp.c_proj.bias", new[] { D }, 0.2);
        Add("ln_f.weight", new[] { D }, 0.3, 1);
        Add("ln_f.bias", new[] { D }, 0.2);
    }

    public double[] this[string name] => Tensors.Single(t => t.Name == name).Values;

    public static string ConfigJson(int vocab = Vocab, int embd = D) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"activation_function\": \"gelu_new\", \"model_type\": \"gpt2\", \"n_ctx\": {Positions}, \"n_embd\": {embd}, \"n_head\": {Heads}, " +
        $"\"n_layer\": 1, \"n_positions\": {Positions}, \"vocab_size\": {vocab}, \"layer_norm_epsilon\": 1e-05}}");

    /// <summary>Writes the folder. <paramref name="prefixed"/>: "transformer." names plus lm_head.weight (= wte);
    /// otherwise the original layout with the h.0.attn.bias / masked_bias buffers. <paramref name="edit"/> may change the list.</summary>
    public string Write(string folder, bool float64, bool prefixed,
        Func<List<(string Name, int[] Shape, double[] Values)>, List<(string Name, int[] Shape, double[] Values)>>? edit = null, string? config = null)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), config ?? ConfigJson());
        var list = Tensors.Select(t => (prefixed ? "transformer." + t.Name : t.Name, t.Shape, t.Values)).ToList();
        if (prefixed) list.Add(("lm_head.weight", new[] { Vocab, D }, this["wte.weight"]));
        else
        {
            double[] causal = Enumerable.Range(0, Positions * Positions).Select(i => i % Positions <= i / Positions ? 1.0 : 0.0).ToArray();
            list.Insert(4, ("h.0.attn.bias", new[] { 1, 1, Positions, Positions }, causal));
            list.Insert(5, ("h.0.attn.masked_bias", Array.Empty<int>(), new[] { -1e4 }));
        }
        if (edit is not null) list = edit(list);
        var json = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        var data = new List<byte>();
        foreach (var (name, shape, values) in list)
        {
            int begin = data.Count;
            foreach (double v in values) data.AddRange(float64 ? BitConverter.GetBytes(v) : BitConverter.GetBytes((float)v));
            json.Append(CultureInfo.InvariantCulture, $",\"{name}\":{{\"dtype\":\"{(float64 ? "F64" : "F32")}\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{begin},{data.Count}]}}");
        }
        json.Append('}');
        SafetensorsTests.WriteRaw(Path.Combine(folder, "model.safetensors"), json.ToString(), data.ToArray());
        return folder;
    }
}
