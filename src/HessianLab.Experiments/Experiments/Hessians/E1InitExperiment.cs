using System.Diagnostics;
using HessianLab.Curvature.Exact;
using HessianLab.Problems;
using static TorchSharp.torch;

namespace HessianLab.Experiments.Hessians;

/// <summary>E1: the talk's 2-layer net at initialization (docs/experiments.md), under both presets side by side
/// (<see cref="ProblemPreset.Theory"/>: LeCun, float64; <see cref="ProblemPreset.Paper"/>: the authors' torch init,
/// float32): full |H|, H_WW, H_VV, H_WV, neuron block maps, ρ per layer and the GGN/residual split of H_WV, all from the
/// exact engine; pictures for the first seed, numbers as mean ± 95 % interval over seeds.</summary>
public sealed class E1InitExperiment : IPresetExperiment
{
    /// <summary>Full size (talk): d = C = 500, m = 8, N = 5000, CE, Gaussian data; P = 8000 (theory preset).</summary>
    public static MlpProblem Full { get; } = MlpPresets.Theory(new[] { 500, 8, 500 }, 5000);

    /// <summary>Quick size: d = C = 40, m = 4, N = 400; P = 320 (theory preset).</summary>
    public static MlpProblem Quick { get; } = MlpPresets.Theory(new[] { 40, 4, 40 }, 400);

    /// <summary>The presets compared, theory first (its files keep the prefix "init", the paper's get "paper_init").</summary>
    public static IReadOnlyList<ProblemPreset> Presets { get; } = new[] { ProblemPreset.Theory, ProblemPreset.Paper };

    /// <inheritdoc />
    public string Id => "E1";

    /// <inheritdoc />
    public string Title => "2-layer net at initialization, theory and paper presets: |H| pictures, ρ per layer, H_WV split";

    /// <inheritdoc />
    public string Claim => "At init the Hessian is block-circulant-block-diagonal: H_WW and H_VV near block-diagonal (one block = one neuron), H_WV with periodic stripes.";

    /// <inheritdoc />
    public IReadOnlyList<ProblemPreset> PresetsOf(ExperimentContext context) => context.Preset is { } p ? new[] { p } : Presets;

    /// <summary>File prefix of a preset's pictures and tables.</summary>
    public static string Prefix(ProblemPreset preset) => preset == ProblemPreset.Theory ? "init" : "paper_init";

    /// <inheritdoc />
    public ExperimentResult Run(ExperimentContext context)
    {
        var sw = Stopwatch.StartNew();
        int seeds = context.Quick ? Math.Min(3, context.Seeds) : context.Seeds;
        var size = context.Quick ? Quick : Full;
        var presets = PresetsOf(context);
        var problems = presets.Select(p => MlpPresets.Apply(p, size).WithSeed(context.Seed)).ToList();
        var files = new List<string> { context.WriteJson("config.json", new { experiment = Id, quick = context.Quick, method = "exact", seeds, problems, parameters = size.Parameters }) };
        var rows = new List<PresetRow>();
        object? theoryStructure = null;
        foreach (var baseProblem in problems)
            for (int s = 0; s < seeds; s++)
            {
                using var scope = NewDisposeScope();
                var problem = baseProblem.WithSeed(context.Seed + s);
                var (model, data) = problem.Create();
                context.Report($"exact Hessian of {problem.Describe()}, P = {problem.Parameters}");
                var snap = HessianSnapshot.Take(model, data, problem.Loss, step: 0, context.Report, new ExactHessianOptions(DType: problem.HessianDType));
                rows.Add(PresetRow.From(problem.Preset, problem.Seed, CurvePoint.From(snap)));
                if (s != 0) continue;
                string prefix = Prefix(problem.Preset);
                files.AddRange(HessianFigures.Save(context, prefix, $"E1 at init ({PresetNames.Of(problem.Preset)} preset, seed {problem.Seed})", snap.Hessian, model.Layout, snap.Analysis,
                    pictures: problem.Pictures));
                files.AddRange(ResultTables.WriteCsv(context, prefix, snap.Analysis.Metrics));
                if (problem.Preset == ProblemPreset.Theory)
                    theoryStructure = new
                    {
                        loss = snap.Loss, hessianSeconds = snap.Seconds, structure = snap.Analysis.Metrics,
                        hiddenNeuronMeanAbs = Jagged(snap.Analysis.Blocks.MeanAbsMap(), snap.Analysis.Blocks.Partition.IndicesOf(0)),
                    };
            }
        var summary = PresetTable.Summarize(rows, presets);
        files.Add(context.WriteJson("metrics.json", new { theorySeed0 = theoryStructure, rows, summary }));
        files.Add(context.WriteJson("results.json", new { seeds, presets = presets.Select(PresetNames.Of), summary, rows }));
        var table = PresetTable.Rows(summary, presets);
        string Pick(int q, ProblemPreset preset) => summary[q].ByPreset[PresetNames.Of(preset)].Format(ResultTables.G);
        string headline = $"At init ({seeds} seeds) the neuron-block share of ‖H‖² and ‖H_WV‖/‖H‖ are " +
                          string.Join("; ", presets.Select(p => $"{Pick(3, p)} and {Pick(4, p)} under the {PresetNames.Of(p)} preset ({Setting(p)})")) + ".";
        return new ExperimentResult(headline, table, files, sw.Elapsed.TotalSeconds);
    }

    /// <summary>"LeCun, float64" or "torch init, float32".</summary>
    public static string Setting(ProblemPreset preset) => preset == ProblemPreset.Paper ? "torch init, float32" : "LeCun, float64";

    internal static double[][] Jagged(double[,] map, IReadOnlyList<int> idx) =>
        idx.Select(i => idx.Select(j => map[i, j]).ToArray()).ToArray();
}
