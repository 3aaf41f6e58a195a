using HessianLab.Curvature;
using HessianLab.Spectra;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Transformers;

/// <summary>E9's measurement on any language model: per weight matrix W, the diagonal Hessian block H_WW by stochastic
/// Lanczos quadrature (HVPs by double backward w.r.t. W alone; its extreme Ritz values bound λ_max and λ_min from
/// inside), and the per-neuron gradient norms.</summary>
public static class HeterogeneityAnalysis
{
    /// <summary>A weight matrix and the dimension its neurons (output units, or tokens for embeddings) run along.</summary>
    /// <param name="Name">Parameter name.</param>
    /// <param name="Weight">The parameter.</param>
    /// <param name="NeuronDim">0 for (out, in) matrices and embeddings [V, d]; 1 for GPT-2's Conv1D [in, out].</param>
    public sealed record Matrix(string Name, Tensor Weight, int NeuronDim);

    /// <summary>The result for one matrix: numbers, SLQ nodes and weights, per-neuron gradient norms.</summary>
    public sealed record Outcome(MatrixHeterogeneity Numbers, double[] Nodes, double[] Weights, double[] RowNorms);

    /// <summary>Analyses every matrix of <paramref name="matrices"/> on the fixed-batch <paramref name="loss"/>.</summary>
    /// <param name="loss">Scalar loss on a fixed batch (float64 model).</param>
    /// <param name="matrices">The matrices, in report order.</param>
    /// <param name="probes">SLQ probes.</param>
    /// <param name="lanczosSteps">Lanczos steps of each SLQ probe.</param>
    /// <param name="seed">Probe seed.</param>
    /// <param name="progress">Progress line per matrix.</param>
    public static IReadOnlyList<Outcome> Run(Func<Tensor> loss, IReadOnlyList<Matrix> matrices, int probes, int lanczosSteps, long seed,
        Action<string>? progress = null)
    {
        if (matrices.Count == 0) throw new ArgumentException("no matrices to analyse", nameof(matrices));
        var weights = matrices.Select(m => m.Weight).ToList();
        var grads = torch.autograd.grad(new[] { loss() }, weights);
        var norms = matrices.Select((m, i) => grads[i].detach().norm(1 - m.NeuronDim).to_type(ScalarType.Float64).data<double>().ToArray()).ToList();
        var outcomes = new List<Outcome>();
        for (int i = 0; i < matrices.Count; i++)
        {
            var (name, weight, _) = matrices[i];
            progress?.Invoke($"{name}: SLQ ({probes} probes × {lanczosSteps} Lanczos steps) on H_WW ({weight.numel()}²)");
            using var scope = torch.NewDisposeScope();
            using var hess = new AutogradHessian(new[] { weight }, loss, g => g[0].reshape(-1));
            // The SLQ nodes are the Ritz values of each probe's Lanczos run, so the extreme eigenvalues are read from them:
            // λ_max ≥ max node and λ_min ≤ min node (Cauchy interlacing), the ends converging first. A third Lanczos run
            // just for the extremes spent a third of E9's Hessian-vector products on less information.
            var (nodes, w) = StochasticLanczosQuadrature.Quadrature(hess, lanczosSteps, probes, seed);
            double mean = nodes.Zip(w, (x, y) => x * y).Sum() / probes;
            // Neurons with zero gradient (embedding/head rows of tokens absent from the batch) carry no information: skip them.
            var r = norms[i].Where(x => x > 0).DefaultIfEmpty(0).ToArray();
            var sorted = r.OrderBy(x => x).ToArray();
            double avg = r.Average(), sd = Math.Sqrt(r.Sum(x => (x - avg) * (x - avg)) / Math.Max(1, r.Length - 1));
            outcomes.Add(new Outcome(new MatrixHeterogeneity(name, weight.numel(), nodes.Max(), nodes.Min(), mean,
                sorted[0], sorted[sorted.Length / 2], sorted[^1], sd / avg), nodes, w, norms[i]));
        }
        return outcomes;
    }
}
