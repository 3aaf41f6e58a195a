using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Training;
using TorchSharp;

namespace HessianLab.Problems;

/// <summary>The two presets of an <see cref="MlpProblem"/>: the authors' code (<see cref="ProblemPreset.Paper"/>) and the
/// talk's theory (<see cref="ProblemPreset.Theory"/>). Both default to the talk's net: d = C = 500, m = 8, N = 5000, ReLU,
/// CE, Gaussian inputs with random labels, no biases, seed 0, no training.</summary>
/// <remarks>Paper: github zyushun/Hessian-structure, <c>train_gaussian.py</c> (<c>nn.Linear(bias=False)</c>, float32,
/// <c>optim.Adam(lr=1e-4)</c>, <c>CosineAnnealingLR(T_max=50000, eta_min=0)</c>, <c>cmap='cividis'</c>,
/// <c>visual_degree=100</c>, <c>visual_degree_block_hessian=[10, 100]</c>). Its committed <c>num_epochs</c> is 0, so the
/// number of training steps behind the talk's pictures is not recorded: <see cref="Paper"/> takes it as a parameter.</remarks>
public static class MlpPresets
{
    /// <summary>The authors' T_max of the cosine schedule.</summary>
    public const int PaperCosinePeriod = 50_000;

    /// <summary>The authors' Adam learning rate.</summary>
    public const double PaperLearningRate = 1e-4;

    /// <summary>The talk's widths d, m, C.</summary>
    public static IReadOnlyList<int> TalkWidths { get; } = new[] { 500, 8, 500 };

    /// <summary>The authors' settings: torch init, float32 everywhere, Adam lr 1e-4, cosine T_max 50,000, cividis pictures.</summary>
    /// <param name="widths">Widths (default the talk's 500, 8, 500).</param>
    /// <param name="samples">N (default 5000).</param>
    /// <param name="steps">Adam steps (default 0: at init).</param>
    /// <param name="seed">Seed S (weights S, data S + 1000).</param>
    /// <param name="loss">Loss (default CE).</param>
    /// <param name="data">Data (default Gaussian).</param>
    public static MlpProblem Paper(IReadOnlyList<int>? widths = null, int samples = 5000, int steps = 0, long seed = 0,
        LossKind loss = LossKind.Ce, DataKind data = DataKind.Gaussian) =>
        new MlpProblem(ProblemPreset.Paper, widths ?? TalkWidths, samples, loss, data, Activation.Relu, InitScheme.Torch,
            torch.ScalarType.Float32, torch.ScalarType.Float32,
            new TrainingOptions(steps, PaperLearningRate, Cosine: true, CosinePeriod: PaperCosinePeriod), seed, PictureConventions.Paper).Validated();

    /// <summary>The theorem's settings: LeCun normal init, float64 everywhere, cosine over the run's own length.</summary>
    /// <param name="widths">Widths (default the talk's 500, 8, 500).</param>
    /// <param name="samples">N (default 5000).</param>
    /// <param name="steps">Adam steps (default 0).</param>
    /// <param name="learningRate">Peak rate (default 1e-4 as the authors).</param>
    /// <param name="seed">Seed S.</param>
    /// <param name="loss">Loss (default CE).</param>
    /// <param name="data">Data (default Gaussian).</param>
    public static MlpProblem Theory(IReadOnlyList<int>? widths = null, int samples = 5000, int steps = 0, double learningRate = PaperLearningRate,
        long seed = 0, LossKind loss = LossKind.Ce, DataKind data = DataKind.Gaussian) =>
        new MlpProblem(ProblemPreset.Theory, widths ?? TalkWidths, samples, loss, data, Activation.Relu, InitScheme.Lecun,
            torch.ScalarType.Float64, torch.ScalarType.Float64,
            new TrainingOptions(steps, learningRate, Cosine: true), seed, PictureConventions.Default).Validated();

    /// <summary>The preset of that name with its defaults (for <c>--preset paper|theory</c>).</summary>
    public static MlpProblem Of(ProblemPreset preset) => preset == ProblemPreset.Paper ? Paper() : Theory();

    /// <summary>Parses "paper" or "theory" (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static ProblemPreset Parse(string name) =>
        Enum.TryParse<ProblemPreset>(name?.Trim(), ignoreCase: true, out var p) && Enum.IsDefined(p)
            ? p : throw new ArgumentException($"unknown preset '{name}'; use paper or theory", nameof(name));

    /// <summary>Applies a preset's conventions (init, dtypes, optimizer schedule, pictures) to an existing problem,
    /// keeping its size, loss, data, training length and seed.</summary>
    public static MlpProblem Apply(ProblemPreset preset, MlpProblem problem)
    {
        var p = preset == ProblemPreset.Paper
            ? Paper(problem.Widths, problem.Samples, problem.Training.Steps, problem.Seed, problem.Loss, problem.Data)
            : Theory(problem.Widths, problem.Samples, problem.Training.Steps, problem.Training.LearningRate, problem.Seed, problem.Loss, problem.Data);
        return p with { Activation = problem.Activation };
    }
}
