using System.Diagnostics;
using HessianLab.Curvature;
using HessianLab.Models.Gpt;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Transformers;

/// <summary>Samples neurons of a GPT's weight matrices and computes the exact Hessian sub-matrix over them by autograd
/// (the measurement Maes et al. 2024 made on GPT-2 and the talk quotes: "diag-blocks > 10^4 off-diag-blocks").</summary>
public static class TransformerSubBlocks
{
    /// <summary>Chooses <paramref name="perMatrix"/> evenly spaced rows of the q, k, v, o and fc matrices of the given blocks,
    /// and of each row <paramref name="entries"/> evenly spaced weights (null: all); offsets index θ' = the concatenation of the
    /// selected matrices.</summary>
    public static IReadOnlyList<NeuronSelection> Select(Gpt model, IReadOnlyList<int> blocks, int perMatrix, int? entries = null)
    {
        var roles = new[] { "q", "k", "v", "o", "fc" };
        var list = new List<NeuronSelection>();
        long offset = 0;
        foreach (var (name, p) in model.named_parameters())
        {
            var parts = name.Split('.');
            if (p.dim() == 2 && parts.Length == 4 && parts[0] == "blocks" && blocks.Contains(int.Parse(parts[1])) && roles.Contains(parts[2]))
            {
                int rows = (int)p.shape[0];
                var chosen = Enumerable.Range(0, perMatrix).Select(i => (int)((long)i * rows / perMatrix)).Distinct().ToList();
                int cols = (int)p.shape[1];
                var kept = entries is { } e && e < cols ? Enumerable.Range(0, e).Select(i => (int)((long)i * cols / e)).ToList() : null;
                list.Add(new NeuronSelection(name, parts[2], offset, cols, chosen, Entries: kept));
                offset += p.numel();
            }
        }
        if (list.Count == 0) throw new ArgumentException("no q/k/v/o/fc matrices in the requested blocks");
        return list;
    }

    /// <summary>Computes H[S, S] for the selected neurons on the batch <paramref name="ids"/> (B, T+1) and its block energies.</summary>
    /// <returns>The sub-matrix (|S| × |S|), the per-neuron block energy map ‖H_IJ‖_F² and the measurement.</returns>
    public static (Tensor SubMatrix, Tensor EnergyMap, SubBlockMeasurement Measurement) Measure(Gpt model, Tensor ids,
        IReadOnlyList<NeuronSelection> selection, string tokenizer, double validationLoss, Action<int, int>? progress = null) =>
        Measure(model, () => model.Loss(ids), model.Config.Vocab, selection, tokenizer, validationLoss, progress,
            (() => model.FeaturesAndTargets(ids), model.HeadWeight));

    /// <summary>Computes H[S, S] of <paramref name="loss"/> for neurons of any module's matrices (GPT or GPT-2) and its block energies.</summary>
    /// <param name="model">The module whose named parameters the selection refers to (all of them are timed for a gradient).</param>
    /// <param name="loss">The scalar loss on a fixed batch.</param>
    /// <param name="classes">Vocabulary size C, reported.</param>
    /// <param name="selection">Neurons; offsets index θ' = the distinct selected matrices in order of first appearance.</param>
    /// <param name="tokenizer">Label of the vocabulary, reported.</param>
    /// <param name="validationLoss">Held-out loss, reported.</param>
    /// <param name="progress">Called after each Hessian row with (done, total).</param>
    /// <param name="head">When <paramref name="loss"/> is the mean cross-entropy of a linear head without bias on features:
    /// (features and targets, head weight), and the rows are taken by <see cref="SoftmaxHeadHessian"/> (the same matrix as
    /// autograd's double backward to rounding, at a fraction of the cost with a wide head); null: plain double backward.</param>
    public static (Tensor SubMatrix, Tensor EnergyMap, SubBlockMeasurement Measurement) Measure(nn.Module model, Func<Tensor> loss, int classes,
        IReadOnlyList<NeuronSelection> selection, string tokenizer, double validationLoss, Action<int, int>? progress = null,
        (Func<(Tensor Features, Tensor Targets)> FeaturesAndTargets, Tensor Weight)? head = null)
    {
        var idx = selection.SelectMany(s => s.Indices()).ToArray();
        int cols = selection[0].Width;
        if (selection.Any(s => s.Width != cols)) throw new ArgumentException("selected neurons must keep equally many weights", nameof(selection));
        var owner = selection.SelectMany((s, m) => s.Rows.Select(_ => m)).ToArray();
        var all = model.parameters().Cast<Tensor>().ToList();

        var sw = Stopwatch.StartNew();
        const int gradients = 3;
        for (int g = 0; g < gradients; g++)
        {
            using var scope = torch.NewDisposeScope();
            torch.autograd.grad(new[] { loss() }, all);
        }
        double perGradient = sw.Elapsed.TotalSeconds / gradients;

        // H[S, S] only needs second derivatives w.r.t. the selected matrices (the others held fixed):
        // differentiate w.r.t. those alone, θ' = their concatenation (NeuronSelection offsets are in θ').
        var byName = model.named_parameters().ToDictionary(np => np.name, np => (Tensor)np.parameter);
        var parameters = selection.Select(s => s.Matrix).Distinct().Select(n => byName[n]).ToList();
        Tensor sub;
        if (head is { } h)
        {
            using var hess = new SoftmaxHeadHessian(parameters, h.FeaturesAndTargets, h.Weight);
            sw.Restart();
            sub = hess.Rows(idx, progress, columns: idx);
        }
        else
        {
            using var hess = new AutogradHessian(parameters, loss, g => torch.cat(g.Select(x => x.reshape(-1)).ToArray(), 0));
            sw.Restart();
            sub = hess.Rows(idx, progress, columns: idx);
        }
        double perRow = sw.Elapsed.TotalSeconds / idx.Length;
        sub = (sub + sub.t()) * 0.5;

        int nb = owner.Length;
        var energy = sub.reshape(nb, cols, nb, cols).pow(2).sum(new long[] { 1, 3 });
        var e = energy.data<double>().ToArray();
        double diag = 0, same = 0, cross = 0; int nSame = 0, nCross = 0;
        for (int i = 0; i < nb; i++)
            for (int j = 0; j < nb; j++)
            {
                double v = e[i * nb + j];
                if (i == j) diag += v;
                else if (owner[i] == owner[j]) { same += v; nSame++; }
                else { cross += v; nCross++; }
            }
        var m = new SubBlockMeasurement(tokenizer, classes, nb, diag / nb,
            nSame > 0 ? same / nSame : double.NaN, nCross > 0 ? cross / nCross : double.NaN, perRow, perGradient, validationLoss);
        return (sub, energy, m);
    }
}
