using System.Diagnostics;
using HessianLab.Curvature.Exact;
using HessianLab.Structure;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Hessians;

/// <summary>E1: the talk's 2-layer net at initialization (docs/experiments.md): full |H|, H_WW, H_VV, H_WV,
/// neuron block maps, ρ per layer and the GGN/residual split of H_WV, all from the exact engine.</summary>
public sealed class E1InitExperiment : IExperiment
{
    /// <summary>Full size (talk): d = C = 500, m = 8, N = 5000, CE, Gaussian data; P = 8000.</summary>
    public static NetSetup Full { get; } = new(new[] { 500, 8, 500 }, 5000);

    /// <summary>Quick size: d = C = 40, m = 4, N = 400; P = 320.</summary>
    public static NetSetup Quick { get; } = new(new[] { 40, 4, 40 }, 400);

    /// <inheritdoc />
    public string Id => "E1";

    /// <inheritdoc />
    public string Title => "2-layer net at initialization: |H| pictures, ρ per layer, H_WV split";

    /// <inheritdoc />
    public string Claim => "At init the Hessian is block-circulant-block-diagonal: H_WW and H_VV near block-diagonal (one block = one neuron), H_WV with periodic stripes.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var sw = Stopwatch.StartNew();
        var setup = (context.Quick ? Quick : Full) with { Seed = context.Seed };
        var files = new List<string> { context.WriteJson("config.json", new { experiment = Id, quick = context.Quick, method = "exact", setup, parameters = setup.Parameters }) };
        using var scope = NewDisposeScope();
        var (model, data) = setup.Create();
        context.Report($"exact Hessian of {setup.Describe()}, P = {setup.Parameters}");
        var snap = HessianSnapshot.Take(model, data, setup.Loss, step: 0, context.Report);
        files.AddRange(HessianFigures.Save(context, "init", "E1 at init", snap.Hessian, model.Layout, snap.Analysis));
        files.AddRange(ResultTables.WriteCsv(context, "init", snap.Analysis.Metrics));
        var m = snap.Analysis.Metrics;
        files.Add(context.WriteJson("metrics.json", new
        {
            loss = snap.Loss, hessianSeconds = snap.Seconds, structure = m,
            hiddenNeuronMeanAbs = Jagged(snap.Analysis.Blocks.MeanAbsMap(), snap.Analysis.Blocks.Partition.IndicesOf(0)),
        }));
        var wv = m.Pair("W1", "W2");
        var table = new List<IReadOnlyList<string>>
        {
            ResultTables.Row("quantity", "value"),
            ResultTables.Row("P", setup.Parameters.ToString()),
            ResultTables.Row("loss at init", ResultTables.G(snap.Loss)),
            ResultTables.Row($"ρ hidden (W, {m.Layers[0].Blocks} blocks)", ResultTables.G(m.Layers[0].Rho)),
            ResultTables.Row($"ρ output (V, {m.Layers[1].Blocks} blocks)", ResultTables.G(m.Layers[1].Rho)),
            ResultTables.Row("neuron block-diagonal share", ResultTables.G(m.BlockDiagonalShare)),
            ResultTables.Row("‖H_WV‖_F / ‖H‖_F", ResultTables.G(wv.RelativeNorm)),
            ResultTables.Row("‖H_WV GGN‖_F / ‖H‖_F", ResultTables.G(Math.Sqrt(wv.GgnShare ?? double.NaN))),
            ResultTables.Row("‖H_WV residual‖_F / ‖H‖_F", ResultTables.G(Math.Sqrt(wv.ResidualShare ?? double.NaN))),
            ResultTables.Row("Hessian time (s)", ResultTables.G(snap.Seconds)),
        };
        string headline = $"At init ρ_hidden = {ResultTables.G(m.Layers[0].Rho)}, ρ_output = {ResultTables.G(m.Layers[1].Rho)}, " +
                          $"{ResultTables.G(100 * m.BlockDiagonalShare)} % of ‖H‖² in the neuron diagonal blocks; " +
                          $"‖H_WV‖/‖H‖ = {ResultTables.G(wv.RelativeNorm)} (GGN {ResultTables.G(Math.Sqrt(wv.GgnShare ?? double.NaN))}, residual {ResultTables.G(Math.Sqrt(wv.ResidualShare ?? double.NaN))}).";
        return new ExperimentResult(headline, table, files, sw.Elapsed.TotalSeconds);
    }

    internal static double[][] Jagged(double[,] map, IReadOnlyList<int> idx) =>
        idx.Select(i => idx.Select(j => map[i, j]).ToArray()).ToArray();
}
