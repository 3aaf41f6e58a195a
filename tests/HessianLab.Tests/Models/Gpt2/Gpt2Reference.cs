namespace HessianLab.Tests.Models.Gpt2;

/// <summary>GPT-2's forward pass expanded by hand in plain double loops (independent of TorchSharp and the model code):
/// logits[t, v] for one sequence of token ids.</summary>
public static class Gpt2Reference
{
    public static double[,] Logits(TinyGpt2Checkpoint c, int[] ids)
    {
        const int d = TinyGpt2Checkpoint.D, heads = TinyGpt2Checkpoint.Heads, hd = d / heads, hidden = TinyGpt2Checkpoint.Hidden;
        int T = ids.Length;
        var x = new double[T][];
        for (int t = 0; t < T; t++) x[t] = Enumerable.Range(0, d).Select(i => c["wte.weight"][ids[t] * d + i] + c["wpe.weight"][t * d + i]).ToArray();

        // Attention: a = LN1(x); qkv = a W + b (W stored [in, out]); head h uses columns h·hd.. of Q, K, V.
        var a = x.Select(r => LayerNorm(r, c["h.0.ln_1.weight"], c["h.0.ln_1.bias"])).ToArray();
        var qkv = a.Select(r => Affine(r, c["h.0.attn.c_attn.weight"], c["h.0.attn.c_attn.bias"], 3 * d)).ToArray();
        var y = new double[T][];
        for (int t = 0; t < T; t++) y[t] = new double[d];
        for (int h = 0; h < heads; h++)
            for (int t = 0; t < T; t++)
            {
                var s = new double[t + 1];                                  // only positions u ≤ t (causal)
                for (int u = 0; u <= t; u++)
                {
                    double dot = 0;
                    for (int k = 0; k < hd; k++) dot += qkv[t][h * hd + k] * qkv[u][d + h * hd + k];
                    s[u] = dot / Math.Sqrt(hd);
                }
                double max = s.Max(), z = s.Sum(v => Math.Exp(v - max));
                for (int u = 0; u <= t; u++)
                    for (int k = 0; k < hd; k++) y[t][h * hd + k] += Math.Exp(s[u] - max) / z * qkv[u][2 * d + h * hd + k];
            }
        for (int t = 0; t < T; t++)
        {
            var o = Affine(y[t], c["h.0.attn.c_proj.weight"], c["h.0.attn.c_proj.bias"], d);
            for (int i = 0; i < d; i++) x[t][i] += o[i];
        }

        // MLP: x += gelu_tanh(LN2(x) W_fc + b_fc) W_proj + b_proj.
        for (int t = 0; t < T; t++)
        {
            var m = Affine(LayerNorm(x[t], c["h.0.ln_2.weight"], c["h.0.ln_2.bias"]), c["h.0.mlp.c_fc.weight"], c["h.0.mlp.c_fc.bias"], hidden);
            for (int j = 0; j < hidden; j++) m[j] = 0.5 * m[j] * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (m[j] + 0.044715 * m[j] * m[j] * m[j])));
            var o = Affine(m, c["h.0.mlp.c_proj.weight"], c["h.0.mlp.c_proj.bias"], d);
            for (int i = 0; i < d; i++) x[t][i] += o[i];
        }

        // Tied head: logits = LN_f(x) wteᵀ.
        var logits = new double[T, TinyGpt2Checkpoint.Vocab];
        for (int t = 0; t < T; t++)
        {
            var f = LayerNorm(x[t], c["ln_f.weight"], c["ln_f.bias"]);
            for (int v = 0; v < TinyGpt2Checkpoint.Vocab; v++)
                for (int i = 0; i < d; i++) logits[t, v] += f[i] * c["wte.weight"][v * d + i];
        }
        return logits;
    }

    private static double[] LayerNorm(double[] x, double[] gain, double[] bias)
    {
        double mean = x.Average(), variance = x.Sum(v => (v - mean) * (v - mean)) / x.Length;
        return x.Select((v, i) => (v - mean) / Math.Sqrt(variance + TinyGpt2Checkpoint.Eps) * gain[i] + bias[i]).ToArray();
    }

    private static double[] Affine(double[] x, double[] w, double[] b, int outputs)
    {
        var y = (double[])b.Clone();
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j < outputs; j++) y[j] += x[i] * w[i * outputs + j];
        return y;
    }
}
