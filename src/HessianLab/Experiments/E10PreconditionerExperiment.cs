using System.Diagnostics;
using System.Globalization;
using HessianLab.Data;
using HessianLab.Experiments.Preconditioners;
using HessianLab.Models;
using HessianLab.Optim;
using HessianLab.Plots;
using HessianLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Experiments;

/// <summary>E10 — the Adam, Adam-mini, Muon and NorMuon preconditioners of each weight of a trained MLP next to the
/// exact Hessian block, and how well each conditions it (docs/experiments.md; talk Part III).</summary>
/// <remarks>Trains with Adam (<see cref="Optim.AdamW"/>, wd 0), takes its bias-corrected second moment v̂ and first
/// moment M (used as Muon's momentum) at the end, builds the preconditioners with <see cref="PreconditionerFactory"/>,
/// the block with <see cref="HessianBlockSource"/>, and measures P^{1/2} H₊ P^{1/2} with <see cref="PreconditioningQuality"/>.</remarks>
public sealed partial class E10PreconditionerExperiment : IExperiment
{
    /// <summary>Decades of the log colour scale of the panels.</summary>
    private const double PanelDecades = 4;

    /// <inheritdoc />
    public string Id => "E10";

    /// <inheritdoc />
    public string Title => "Preconditioners (Adam, Adam-mini, Muon, NorMuon) against the Hessian block";

    /// <inheritdoc />
    public string Claim => "Muon preconditions every neuron with the same n×n block I_m ⊗ (MᵀM)^{-1/2}; the Hessian is block-diagonal " +
                           "per neuron with blocks that differ across neurons, so a per-neuron scale (NorMuon) should help.";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var sw = Stopwatch.StartNew();
        var cfg = context.Quick ? E10Config.Quick(context.Seed) : E10Config.Full(context.Seed);
        return Run(context, cfg, sw);
    }

    /// <summary>Runs with explicit settings.</summary>
    public ExperimentResult Run(ExperimentContext context, E10Config cfg, Stopwatch? sw = null)
    {
        sw ??= Stopwatch.StartNew();
        Directory.CreateDirectory(context.OutDir);
        using var scope = torch.NewDisposeScope();
        var model = new Mlp(new MlpSpec(cfg.Widths, Activation.Relu, Bias: false), cfg.Seed);
        var data = SyntheticData.Create(cfg.Data, cfg.Samples, cfg.Widths[0], cfg.Widths[^1], cfg.Seed + 1);
        using var adam = new Optim.AdamW(model.parameters(), cfg.LearningRate, 0.9, 0.999, 1e-8, weightDecay: 0);
        context.Report($"training {string.Join("-", cfg.Widths)} on N = {cfg.Samples}: {cfg.TrainSteps} Adam steps, lr {cfg.LearningRate} cosine");
        var losses = FullBatchTrainer.Train(model, data, cfg.Loss, new TrainingOptions(cfg.TrainSteps, cfg.LearningRate), adam);
        context.Report($"loss {losses[0]:F4} → {losses[^1]:F4}");
        var states = adam.state_dict().State.Cast<BufferState>().ToList();   // W1, W2, … (no biases)

        var files = new List<string>();
        var layers = new List<E10LayerResult>();
        var spectra = new Dictionary<string, Dictionary<string, double[]>>();
        for (int l = 1; l <= model.Spec.Depth; l++)
            layers.Add(AnalyzeLayer(context, cfg, model, data, l, states[l - 1], files, spectra));

        files.Add(context.WriteJson("e10_config.json", new
        {
            cfg.Widths, cfg.Samples, Data = cfg.Data.ToString(), Loss = cfg.Loss.ToString(), cfg.TrainSteps, cfg.LearningRate, cfg.Seed,
            Training = "full-batch Adam (HessianLab.Optim.AdamW, wd 0, betas (0.9, 0.999), eps 1e-8), cosine to 0",
            MomentumForMuon = "Adam's first moment m (beta1 0.9) at the end of training",
            SecondMoment = "Adam's v / (1 - beta2^t) at the end of training",
            HessianBlock = HessianBlockSource.Method,
            Convention = $"H_+ = V max(Lambda,0) V^T (positive part); metrics on the eigenvalues of P^1/2 H_+ P^1/2 above {PreconditioningQuality.RelativeCutoff:G} of the largest (flat directions and the null space of P excluded)",
            NorMuonStatistic = "v_i = mean_cols(O*O) of O = polar(M): the EMA's fixed point for a constant O (for m <= n the rows of O are orthonormal, so v is constant and NorMuon = Muon up to scale)",
            InitialLoss = losses[0], FinalLoss = losses[^1],
        }));
        files.AddRange(WriteTables(context, layers));
        files.Add(PlotSpectra(context, spectra));
        var table = SummaryTable(layers);
        return new ExperimentResult(Headline(layers), table, files, sw.Elapsed.TotalSeconds);
    }

    private static E10LayerResult AnalyzeLayer(ExperimentContext context, E10Config cfg, Mlp model, Dataset data, int l,
        BufferState state, List<string> files, Dictionary<string, Dictionary<string, double[]>> spectra)
    {
        using var scope = torch.NewDisposeScope();
        string name = $"W{l}";
        var w = model.Weight(l);
        long m = w.shape[0], n = w.shape[1];
        var mom = state.Buffers[0].to(ScalarType.Float64).reshape(m, n);
        var vhat = state.Buffers[1].to(ScalarType.Float64).reshape(m, n) / (1 - Math.Pow(0.999, state.Step));
        context.Report($"{name} ({m}x{n}): Hessian block {m * n}x{m * n} by {HessianBlockSource.Method}");
        var h = HessianBlockSource.LayerBlock(model, data, cfg.Loss, l - 1);
        var (hd, lmax, neg) = PreconditioningQuality.PositivePart(h);
        var kron = KroneckerOrderCheck.Run(name, mom);
        context.Report($"{name}: Kronecker check: I_m⊗(MᵀM)^(-1/2) rel.err {kron.RowMajorTalkForm:E2}, swapped order {kron.SwappedOrder:E2}");

        var grid = Enumerable.Range(1, (int)m - 1).Select(i => (long)i * n).ToList();   // neuron-block boundaries
        HeatmapOptions Panel(string title, string quantity = "|P|") => new() { Title = title, Quantity = quantity, Scale = HeatmapScale.Log, LogDecades = PanelDecades, MinorLines = grid };
        var panels = new List<HeatmapPanel> { new(h.clone(), Panel($"|H_{name}| (exact block)", "|H|")) };
        var qualities = new List<PreconditioningQuality>();
        var layerSpectra = new Dictionary<string, double[]>();
        var builders = new (Func<PreconditionerMatrix> Build, bool Draw)[]
        {
            (() => PreconditionerFactory.Identity(m * n, ScalarType.Float64), false),
            (() => PreconditionerFactory.Adam(vhat, 1e-8), true),
            (() => PreconditionerFactory.AdamMini(vhat, 1e-8), true),
            (() => PreconditionerFactory.Muon(mom), true),
            (() => PreconditionerFactory.MuonLeft(mom), false),
            (() => PreconditionerFactory.NorMuon(mom), true),
            (() => PreconditionerFactory.BlockNewton(hd, m, n), false),
        };
        foreach (var (build, draw) in builders)
        {
            using var inner = torch.NewDisposeScope();
            var p = build();
            var (q, mu) = PreconditioningQuality.MeasureWithSpectrum(hd, p);
            qualities.Add(q);
            layerSpectra[p.Name] = mu;
            if (draw) panels.Add(new HeatmapPanel(p.Matrix.clone().MoveToOuterDisposeScope(), Panel($"|P| {p.Name}")));
        }
        spectra[name] = layerSpectra;
        string png = context.PathOf($"e10_{name}_panels.png");
        MatrixHeatmap.SavePanels(png, panels, columns: 3, panelWidth: 620, panelHeight: 560,
            title: $"E10 {name} ({m}x{n}, theta row-major, {m} neuron blocks of {n}, grid = neurons): |H| and each |P|, log scale ({PanelDecades} decades)");
        files.Add(png);
        return new E10LayerResult(name, m, n, lmax, neg, kron, qualities);
    }
}
