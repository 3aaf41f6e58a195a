using System.Text.Json;
using HessianLab.Curvature;
using HessianLab.Experiments.Transformers;
using HessianLab.Models.Gpt2;
using HessianLab.Tests.Cli;
using HessianLab.Tests.Plots;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Experiments;

[Collection(TorchCollection.Name)]
public sealed class Gpt2SubBlocksTests
{
    private static readonly Gpt2Config Small = new(VocabSize: 256, Positions: 16, Embedding: 8, Layers: 2, Heads: 2);

    [Fact]
    public void Selected_indices_address_columns_of_the_Conv1D_matrices_and_the_sub_matrix_equals_the_full_Hessian_there()
    {
        using var scope = NewDisposeScope();
        using var model = new Gpt2Model(Small, seed: 2, dtype: ScalarType.Float64);
        using (no_grad()) foreach (var (name, p) in model.named_parameters()) if (!name.Contains("ln_")) p.mul_(10);
        using var gen = new Generator(3);
        var ids = randint(0, 256, new long[] { 1, 9 }, ScalarType.Int64, generator: gen);
        var selection = Gpt2SubBlocks.Select(model, new[] { 1 }, perRole: 2, entries: 3);

        // The test's own map: (matrix, column j, weight c) → full θ index offset(matrix) + c·out + j; roles q/k/v are column ranges of c_attn.
        var named = model.named_parameters().ToList();
        long OffsetOf(string n) => named.TakeWhile(np => np.name != n).Sum(np => np.parameter.numel());
        var expected = new List<(string Matrix, string Role, int Column, int Weight)>();
        foreach (var (matrix, roles) in new[] { ("h.1.attn.c_attn.weight", new[] { "q", "k", "v" }), ("h.1.attn.c_proj.weight", new[] { "o" }), ("h.1.mlp.c_fc.weight", new[] { "fc" }) })
            for (int r = 0; r < roles.Length; r++)
                foreach (int j in new[] { 0, 4 })
                    foreach (int cc in new[] { 0, 2, 5 })
                        expected.Add((matrix, roles[r], r * 8 + j, cc));
        Assert.Equal(expected.Select(e => e.Role).Distinct(), selection.Select(s => s.Role));
        var full = expected.Select(e => OffsetOf(e.Matrix) + (long)e.Weight * named.Single(np => np.name == e.Matrix).parameter.shape[1] + e.Column).ToArray();

        // θ' values at the selection's indices are those weights.
        var matrices = selection.Select(s => s.Matrix).Distinct().Select(n => named.Single(np => np.name == n).parameter.detach().reshape(-1)).ToArray();
        var thetaPrime = cat(matrices, 0);
        var viaSelection = thetaPrime.index_select(0, tensor(selection.SelectMany(s => s.Indices()).ToArray()));
        var flatAll = cat(named.Select(np => np.parameter.detach().reshape(-1)).ToArray(), 0);
        Assert.True(viaSelection.eq(flatAll.index_select(0, tensor(full))).all().item<bool>(), "selection indices address the wrong weights");

        // H[S, S] from Measure equals rows of the Hessian over all parameters at the test's indices.
        var (sub, _, m) = TransformerSubBlocks.Measure(model, () => model.Loss(ids), 256, selection, "bytes", 0);
        using var hessian = AutogradHessian.ForModule(model, () => model.Loss(ids));
        var reference = hessian.Rows(full, columns: full);
        reference = (reference + reference.t()) * 0.5;
        Assertions.CloseRelativeToMax(reference, sub, 1e-10, "sub-block H[S,S] vs the full Hessian");
        Assert.Equal(10, m.Neurons);
        Assert.True(m.DiagonalEnergy > 0 && double.IsFinite(m.RhoSame) && double.IsFinite(m.RhoCross));
    }

    [Fact]
    public void E8_with_a_checkpoint_measures_the_loaded_model_on_a_held_out_window()
    {
        using var dir = new TempDir();
        using (var model = new Gpt2Model(Small, seed: 5, dtype: ScalarType.Float32)) Gpt2Checkpoint.Save(model, dir.File("ckpt"));
        File.WriteAllText(dir.File("corpus.txt"), string.Join(" ", Enumerable.Range(0, 400).Select(i => $"w{i % 23}")));
        var (exit, output) = CliRunner.Run("experiment", "E8", "--checkpoint", dir.File("ckpt"), "--corpus", dir.File("corpus.txt"),
            "--neurons", "1", "--entries", "2", "--tokens", "12", "--blocks", "0,1", "--out", dir.File("out"));
        Assert.True(exit == 0, output);
        using var config = JsonDocument.Parse(File.ReadAllText(dir.File("out/config.json")));
        Assert.Equal(2 * 5 * 1 * 2, config.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal("Float32", config.RootElement.GetProperty("storedDtype").GetString());
        Assert.Equal("bytes", config.RootElement.GetProperty("tokenizer").GetString());
        using var sub = HessianLab.IO.Npy.Load(dir.File("out/checkpoint_submatrix.npy"));
        Assert.Equal(new long[] { 20, 20 }, sub.shape);
        Assert.True(File.Exists(dir.File("out/checkpoint_neuron_energy.png")));

        (exit, output) = CliRunner.Run("experiment", "E11", "--checkpoint", dir.File("ckpt"), "--out", dir.File("out11"));
        Assert.Equal(1, exit);
        Assert.Contains("--checkpoint applies to E8 and E9 only", output);
    }

    [Fact]
    public void E9_with_a_checkpoint_analyses_every_matrix_and_takes_conv1d_neurons_as_columns()
    {
        using var dir = new TempDir();
        using (var model = new Gpt2Model(Small, seed: 5, dtype: ScalarType.Float32)) Gpt2Checkpoint.Save(model, dir.File("ckpt"));
        File.WriteAllText(dir.File("corpus.txt"), string.Join(" ", Enumerable.Range(0, 400).Select(i => $"w{i % 23}")));
        var (exit, output) = CliRunner.Run("experiment", "E9", "--quick", "--checkpoint", dir.File("ckpt"), "--corpus", dir.File("corpus.txt"),
            "--tokens", "12", "--out", dir.File("out"));
        Assert.True(exit == 0, output);
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.File("out/results.json")));
        var rows = doc.RootElement.GetProperty("perSeed")[0].EnumerateArray().ToDictionary(r => r.GetProperty("matrix").GetString()!);
        // wte, wpe and per block c_attn, attn.c_proj, c_fc, mlp.c_proj.
        Assert.Equal(2 + 2 * 4, rows.Count);

        // Independent reference: the same held-out window (last 10 % of the byte stream, generator seed + 11), gradient of the
        // loss w.r.t. h.1.mlp.c_fc.weight [8, 32], neuron norms over its input dimension (columns).
        using var scope = NewDisposeScope();
        using var reference = Gpt2Checkpoint.Load(dir.File("ckpt"));
        reference.to(ScalarType.Float64);
        var (_, validation) = HessianLab.Text.TokenStream.FromText(File.ReadAllText(dir.File("corpus.txt")), HessianLab.Text.TokenizerKind.Bytes).Split(0.1);
        using var gen = new Generator(11);
        var batch = validation.Sample(1, 12, gen);
        var weight = reference.named_parameters().Single(np => np.name.EndsWith("h.1.mlp.c_fc.weight", StringComparison.Ordinal)).parameter;
        var g = torch.autograd.grad(new[] { reference.Loss(batch) }, new[] { (Tensor)weight })[0];
        var columns = g.norm(0).data<double>().ToArray().Where(x => x > 0).ToArray();
        var entry = rows.Single(kv => kv.Key.EndsWith("h.1.mlp.c_fc.weight", StringComparison.Ordinal)).Value;
        Assert.Equal(32, columns.Length);
        Assert.Equal(columns.Max(), entry.GetProperty("rowNormMax").GetDouble(), 10);
        Assert.Equal(columns.Min(), entry.GetProperty("rowNormMin").GetDouble(), 10);
    }
}
