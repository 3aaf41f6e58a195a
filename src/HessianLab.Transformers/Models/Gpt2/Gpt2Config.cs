using System.Globalization;
using System.Text.Json;

namespace HessianLab.Models.Gpt2;

/// <summary>The sizes of a GPT-2 model, with the names of Hugging Face's <c>config.json</c>.</summary>
/// <param name="VocabSize">vocab_size: rows of the token embedding = classes of the next-token loss (50257 for GPT-2).</param>
/// <param name="Positions">n_positions: learned positions = longest sequence (1024 for GPT-2).</param>
/// <param name="Embedding">n_embd: model width d (768 for the 124M model).</param>
/// <param name="Layers">n_layer: transformer blocks (12).</param>
/// <param name="Heads">n_head: attention heads per block (12); d must be divisible by it.</param>
/// <param name="LayerNormEpsilon">layer_norm_epsilon: ε of every LayerNorm (1e-5).</param>
public sealed record Gpt2Config(int VocabSize, int Positions, int Embedding, int Layers, int Heads, double LayerNormEpsilon = 1e-5)
{
    /// <summary>The 124M ("gpt2") shape: vocab 50257, 1024 positions, width 768, 12 layers, 12 heads.</summary>
    public static readonly Gpt2Config Small124M = new(50257, 1024, 768, 12, 12);

    /// <summary>Per-head width d / heads.</summary>
    public int HeadDim => Embedding / Heads;

    /// <summary>Number of parameters (tied head counted once): V·d + T·d + L·(12d² + 13d) + 2d.</summary>
    public long ParameterCount => (long)VocabSize * Embedding + (long)Positions * Embedding
                                  + Layers * (12L * Embedding * Embedding + 13L * Embedding) + 2L * Embedding;

    /// <summary>Checks the sizes, naming the bad one.</summary>
    /// <exception cref="ArgumentException">A non-positive size, ε ≤ 0, or a width not divisible by the heads.</exception>
    public Gpt2Config Validated()
    {
        foreach (var (name, v) in new[] { ("vocab_size", VocabSize), ("n_positions", Positions), ("n_embd", Embedding), ("n_layer", Layers), ("n_head", Heads) })
            if (v <= 0) throw new ArgumentException($"GPT-2 {name} must be positive, got {v}");
        if (Embedding % Heads != 0) throw new ArgumentException($"GPT-2 n_embd {Embedding} is not divisible by n_head {Heads}");
        if (!(LayerNormEpsilon > 0)) throw new ArgumentException($"GPT-2 layer_norm_epsilon must be positive, got {LayerNormEpsilon}");
        return this;
    }

    /// <summary>Reads a Hugging Face GPT-2 <c>config.json</c> (n_positions falls back to n_ctx; ε defaults to 1e-5).</summary>
    /// <exception cref="InvalidDataException">Not JSON, a missing or non-integer size, or an architecture variant this model does not implement
    /// (activation other than the tanh GELU, attention scaled by layer index, cross-attention).</exception>
    public static Gpt2Config Load(string path)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})"); }
        using var _ = doc;
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: not a JSON object");
        int Int(string key, string? fallback = null)
        {
            if ((root.TryGetProperty(key, out var v) || (fallback is not null && root.TryGetProperty(fallback, out v)))
                && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int x)) return x;
            throw new InvalidDataException($"{path}: '{key}' is missing or not an integer");
        }
        double eps = root.TryGetProperty("layer_norm_epsilon", out var epsValue) && epsValue.ValueKind == JsonValueKind.Number ? epsValue.GetDouble() : 1e-5;
        if (root.TryGetProperty("activation_function", out var act) && act.GetString() is { } a && a is not ("gelu_new" or "gelu_pytorch_tanh"))
            throw new InvalidDataException($"{path}: activation_function '{a}' is not GPT-2's tanh GELU (gelu_new)");
        foreach (var flag in new[] { "scale_attn_by_inverse_layer_idx", "add_cross_attention", "reorder_and_upcast_attn" })
            if (root.TryGetProperty(flag, out var f) && f.ValueKind == JsonValueKind.True)
                throw new InvalidDataException($"{path}: {flag} = true is not supported (plain GPT-2 only)");
        try
        {
            return new Gpt2Config(Int("vocab_size"), Int("n_positions", "n_ctx"), Int("n_embd"), Int("n_layer"), Int("n_head"), eps).Validated();
        }
        catch (ArgumentException ex) { throw new InvalidDataException($"{path}: {ex.Message}"); }
    }

    /// <summary>The config.json text (model_type gpt2, tanh GELU) that <see cref="Load"/> reads back.</summary>
    public string ToJson() => string.Create(CultureInfo.InvariantCulture,
        $"{{\n  \"model_type\": \"gpt2\",\n  \"architectures\": [\"GPT2LMHeadModel\"],\n  \"activation_function\": \"gelu_new\",\n" +
        $"  \"vocab_size\": {VocabSize},\n  \"n_positions\": {Positions},\n  \"n_ctx\": {Positions},\n  \"n_embd\": {Embedding},\n" +
        $"  \"n_layer\": {Layers},\n  \"n_head\": {Heads},\n  \"layer_norm_epsilon\": {LayerNormEpsilon:R},\n  \"tie_word_embeddings\": true\n}}\n");
}
