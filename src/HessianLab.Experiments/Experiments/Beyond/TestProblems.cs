using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Beyond;

/// <summary>The objectives of E14, all on θ laid out as the weights of an MLP with the given widths.</summary>
/// <remarks>Deep linear nets: y = W₃W₂W₁x (matrix factorization: MSE on all entries of Y = M X for a rank-r target M;
/// matrix completion: x = e_j, MSE on a random set Ω of observed entries of M). Classical problems (Moré, Garbow &amp;
/// Hillstrom 1981, "Testing unconstrained optimization software", problems 21 and 30): extended Rosenbrock
/// f = Σ_i 100(θ_{2i} − θ_{2i−1}²)² + (1 − θ_{2i−1})², start (−1.2, 1, −1.2, 1, …); Broyden tridiagonal
/// f = Σ_i ((3 − 2θ_i)θ_i − θ_{i−1} − 2θ_{i+1} + 1)² (θ_0 = θ_{P+1} = 0), start −1. Their points are the standard start
/// plus 0.1·N(0, 1) noise of the seed. MLPs use the library's <see cref="Mlp"/> on cluster data.</remarks>
public static class TestProblems
{
    /// <summary>Deep-linear matrix factorization: X ~ N(0, I) (N × d_0), Y = X Mᵀ with M = A B / √r of rank r.</summary>
    /// <param name="widths">d_0, k_1, …, d_L.</param>
    /// <param name="samples">N.</param>
    /// <param name="rank">r.</param>
    /// <param name="seed">Seed of data, target and the LeCun-normal start.</param>
    /// <param name="steps">Adam steps (lr 1e-2) from the start before the Hessian is taken.</param>
    public static Objective Factorization(IReadOnlyList<int> widths, int samples, int rank, long seed, int steps)
    {
        using var gen = new Generator((ulong)(seed + 1000));
        var x = randn(new long[] { samples, widths[0] }, ScalarType.Float64, generator: gen);
        var m = randn(new long[] { widths[^1], rank }, ScalarType.Float64, generator: gen).matmul(randn(new long[] { rank, widths[0] }, ScalarType.Float64, generator: gen)) / Math.Sqrt(rank);
        var y = x.matmul(m.t());
        Tensor F(Tensor theta) => nn.functional.mse_loss(x.matmul(Objective.Product(theta, widths).t()), y);
        return new Objective(steps == 0 ? "factorization, init" : $"factorization, {steps} Adam steps", "deep linear", widths, F, Train(F, LeCun(widths, seed), steps));
    }

    /// <summary>Deep-linear matrix completion: target M (d_L × d_0) of rank r, MSE of (W_L⋯W_1)_ij − M_ij over a random
    /// set of observed entries (each observed with probability <paramref name="observed"/>).</summary>
    public static Objective Completion(IReadOnlyList<int> widths, double observed, int rank, long seed, int steps)
    {
        using var gen = new Generator((ulong)(seed + 1000));
        var m = randn(new long[] { widths[^1], rank }, ScalarType.Float64, generator: gen).matmul(randn(new long[] { rank, widths[0] }, ScalarType.Float64, generator: gen)) / Math.Sqrt(rank);
        var mask = rand(new long[] { widths[^1], widths[0] }, ScalarType.Float64, generator: gen).lt(observed);
        var target = m.masked_select(mask);
        Tensor F(Tensor theta) => nn.functional.mse_loss(Objective.Product(theta, widths).masked_select(mask), target);
        return new Objective(steps == 0 ? "completion, init" : $"completion, {steps} Adam steps", "deep linear", widths, F, Train(F, LeCun(widths, seed), steps));
    }

    /// <summary>Extended Rosenbrock (MGH 21) near its standard start.</summary>
    /// <exception cref="ArgumentException">P odd.</exception>
    public static Objective Rosenbrock(IReadOnlyList<int> widths, long seed)
    {
        long p = Count(widths);
        if (p % 2 != 0) throw new ArgumentException($"extended Rosenbrock needs an even number of variables, got {p}", nameof(widths));
        var start = arange(p, ScalarType.Float64).remainder(2).eq(0).to_type(ScalarType.Float64) * -2.2 + 1;   // −1.2, 1, −1.2, 1, …
        static Tensor F(Tensor t)
        {
            var odd = t.slice(0, 0, t.shape[0], 2); var even = t.slice(0, 1, t.shape[0], 2);
            return (100 * (even - odd * odd).pow(2) + (1 - odd).pow(2)).sum();
        }
        return new Objective("extended Rosenbrock", "classical", widths, F, Jitter(start, seed));
    }

    /// <summary>Broyden tridiagonal (MGH 30) near its standard start −1.</summary>
    public static Objective Broyden(IReadOnlyList<int> widths, long seed)
    {
        long p = Count(widths);
        static Tensor F(Tensor t)
        {
            var padded = nn.functional.pad(t, new long[] { 1, 1 });
            long n = t.shape[0];
            var r = (3 - 2 * t) * t - padded.narrow(0, 0, n) - 2 * padded.narrow(0, 2, n) + 1;
            return r.pow(2).sum();
        }
        return new Objective("Broyden tridiagonal", "classical", widths, F, Jitter(full(p, -1.0, ScalarType.Float64), seed));
    }

    /// <summary>An MLP (no biases) with CE on cluster data (N samples, C = d_L), at init or after SGD steps
    /// (Collobert 2004 shows the Hessian of an MLP after one step).</summary>
    public static Objective Network(IReadOnlyList<int> widths, Activation activation, int samples, long seed, int sgdSteps, double lr)
    {
        var spec = new MlpSpec(widths, activation);
        var data = SyntheticData.Create(DataKind.Clusters, samples, widths[0], widths[^1], seed + 1000);
        using var model = new Mlp(spec, seed);
        using (var opt = optim.SGD(model.parameters(), lr))
            for (int t = 0; t < sgdSteps; t++)
            {
                using var scope = NewDisposeScope();
                opt.zero_grad();
                Loss.Compute(LossKind.Ce, model.forward(data.X), data.Y).backward();
                opt.step();
            }
        var start = model.FlatParameters();
        Tensor F(Tensor theta)
        {
            var a = data.X;
            for (int l = 1; l < widths.Count; l++)
            {
                var z = a.matmul(Objective.Matrix(theta, widths, l).t());
                a = l < widths.Count - 1 ? Mlp.Activate(z, activation) : z;
            }
            return Loss.Compute(LossKind.Ce, a, data.Y);
        }
        string name = sgdSteps == 0 ? $"MLP ({activation.ToString().ToLowerInvariant()}, CE), init" : $"MLP ({activation.ToString().ToLowerInvariant()}, CE), {sgdSteps} SGD step{(sgdSteps == 1 ? "" : "s")}";
        return new Objective(name, "neural net", widths, F, start);
    }

    private static long Count(IReadOnlyList<int> widths) => Enumerable.Range(1, widths.Count - 1).Sum(l => (long)widths[l] * widths[l - 1]);

    private static Tensor LeCun(IReadOnlyList<int> widths, long seed)
    {
        using var gen = new Generator((ulong)seed);
        return cat(Enumerable.Range(1, widths.Count - 1).Select(l =>
            randn(new long[] { (long)widths[l] * widths[l - 1] }, ScalarType.Float64, generator: gen) / Math.Sqrt(widths[l - 1])).ToArray(), 0);
    }

    private static Tensor Jitter(Tensor start, long seed)
    {
        using var gen = new Generator((ulong)seed);
        return start + 0.1 * randn(start.shape, ScalarType.Float64, generator: gen);
    }

    private static Tensor Train(Func<Tensor, Tensor> f, Tensor start, int steps)
    {
        if (steps == 0) return start;
        var theta = new TorchSharp.Modules.Parameter(start.clone());
        using var opt = optim.Adam(new[] { theta }, 1e-2);
        for (int t = 0; t < steps; t++)
        {
            using var scope = NewDisposeScope();
            opt.zero_grad();
            f(theta).backward();
            opt.step();
        }
        return theta.detach().clone();
    }
}
