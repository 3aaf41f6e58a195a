using HessianLab.Curvature.Exact;
using HessianLab.Problems;
using HessianLab.Statistics;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Hessians;

/// <summary>The structure of a problem's Hessian at init and after training, per seed, and its mean ± 95 % t-interval over
/// seeds (E6; E2 keeps its own rows per preset).</summary>
public static class SeedEndpoints
{
    /// <summary>One seed's points at step 0 and at the last step.</summary>
    public sealed record SeedRun(long Seed, CurvePoint Init, CurvePoint End);

    /// <summary>One quantity over seeds: mean ± 95 % interval at init and at the end.</summary>
    public sealed record Entry(string Quantity, Interval AtInit, Interval AtEnd);

    /// <summary>Trains <paramref name="problem"/> with <paramref name="training"/> and takes the exact Hessian at step 0 and at the end only.</summary>
    public static SeedRun Run(ExperimentContext context, MlpProblem problem, TrainingConfig training)
    {
        using var scope = NewDisposeScope();
        var (model, data) = problem.Create();
        var engine = new ExactHessianOptions(DType: problem.HessianDType);
        var points = new List<CurvePoint>();
        TrainingSnapshots.Run(model, data, problem.Loss, training.Options, new[] { 0, training.Steps }, (step, _) =>
        {
            using var inner = NewDisposeScope();
            points.Add(CurvePoint.From(HessianSnapshot.Take(model, data, problem.Loss, step, context.Report, engine)));
        });
        return new SeedRun(problem.Seed, points[0], points[^1]);
    }

    /// <summary>The quantities of a deep net's point: loss, ρ per layer, neuron-block share, ‖H_lk‖/‖H‖ and its residual part per layer
    /// pair (names from <paramref name="pairs"/>), and the mean share of ‖H‖² per off-diagonal layer block at each layer distance.</summary>
    public static IReadOnlyList<(string Name, Func<CurvePoint, double> Value)> Quantities(IReadOnlyList<(int L, int K)> pairs, int layers)
    {
        var q = new List<(string, Func<CurvePoint, double>)> { ("loss", p => p.Loss) };
        for (int l = 0; l < layers; l++) { int i = l; q.Add(($"ρ W{l + 1}", p => p.Rho[i])); }
        q.Add(("neuron block-diagonal share of ‖H‖²", p => p.BlockDiagonalShare));
        for (int j = 0; j < pairs.Count; j++) { int i = j; q.Add(($"‖H_W{pairs[j].L}W{pairs[j].K}‖/‖H‖", p => p.CrossRelativeNorm[i])); }
        for (int j = 0; j < pairs.Count; j++) { int i = j; q.Add(($"residual part of H_W{pairs[j].L}W{pairs[j].K} / ‖H‖", p => p.CrossResidualRelativeNorm[i])); }
        foreach (int d in pairs.Select(x => x.K - x.L).Distinct().OrderBy(x => x))
            q.Add(($"mean ‖H_lk‖²/‖H‖² at layer distance {d}", p => MeanShare(p, pairs, d)));
        return q;
    }

    /// <summary>Share of ‖H‖² in one off-diagonal layer block, averaged over the blocks (l, k) with k − l = <paramref name="distance"/>.</summary>
    public static double MeanShare(CurvePoint p, IReadOnlyList<(int L, int K)> pairs, int distance) =>
        pairs.Select((q, i) => (q, i)).Where(x => x.q.K - x.q.L == distance).Average(x => p.CrossRelativeNorm[x.i] * p.CrossRelativeNorm[x.i]);

    /// <summary>Mean ± 95 % interval of every quantity over the seeds, at init and at the end.</summary>
    public static List<Entry> Summarize(IReadOnlyList<SeedRun> runs, IReadOnlyList<(string Name, Func<CurvePoint, double> Value)> quantities) =>
        quantities.Select(q => new Entry(q.Name, Interval.Of(runs.Select(r => q.Value(r.Init))), Interval.Of(runs.Select(r => q.Value(r.End))))).ToList();
}
