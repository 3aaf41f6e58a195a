using System.Text.Json.Serialization;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;
using HessianLab.Training;
using TorchSharp;

namespace HessianLab.Problems;

/// <summary>One definition of "an MLP problem": architecture, data, initialization, dtype, training and seeds,
/// so that the experiments (and, once wired, <c>hessian</c>, <c>train</c>, <c>bench</c>) build the same thing from
/// the same words. Build one with <see cref="MlpPresets"/> and adjust it with <c>with</c>.</summary>
/// <param name="Preset">The conventions it started from (for config.json and table rows).</param>
/// <param name="Widths">d_0, hidden widths…, C.</param>
/// <param name="Samples">N, the full batch.</param>
/// <param name="Loss">CE or MSE.</param>
/// <param name="Data">Gaussian inputs with random labels, or clusters.</param>
/// <param name="Activation">Hidden activation.</param>
/// <param name="Init">Weight initialization.</param>
/// <param name="DType">Model, data and training dtype (float64 or float32).</param>
/// <param name="HessianDType">Dtype the Hessian is computed in (the authors' code: float32, the model's own).</param>
/// <param name="Training">Full-batch Adam steps, peak rate, cosine T_max.</param>
/// <param name="Seed">The seed S: weights use S, data use S + 1000 (<see cref="InitSeed"/>, <see cref="DataSeed"/>).</param>
/// <param name="Pictures">Colormap and vmax conventions of the pictures.</param>
public sealed record MlpProblem(
    [property: JsonConverter(typeof(JsonStringEnumConverter))] ProblemPreset Preset,
    IReadOnlyList<int> Widths, int Samples,
    [property: JsonConverter(typeof(JsonStringEnumConverter))] LossKind Loss,
    [property: JsonConverter(typeof(JsonStringEnumConverter))] DataKind Data,
    [property: JsonConverter(typeof(JsonStringEnumConverter))] Activation Activation,
    [property: JsonConverter(typeof(JsonStringEnumConverter))] InitScheme Init,
    [property: JsonConverter(typeof(JsonStringEnumConverter))] torch.ScalarType DType,
    [property: JsonConverter(typeof(JsonStringEnumConverter))] torch.ScalarType HessianDType,
    TrainingOptions Training, long Seed, PictureConventions Pictures)
{
    /// <summary>Offset between the weight seed and the data seed.</summary>
    public const long DataSeedOffset = 1000;

    /// <summary>Seed of the weights (= <see cref="Seed"/>).</summary>
    public long InitSeed => Seed;

    /// <summary>Seed of the data (= <see cref="Seed"/> + 1000).</summary>
    public long DataSeed => Seed + DataSeedOffset;

    /// <summary>P = Σ d_l d_{l−1} (no biases).</summary>
    public long Parameters => Enumerable.Range(1, Widths.Count - 1).Sum(l => (long)Widths[l] * Widths[l - 1]);

    /// <summary>The architecture.</summary>
    public MlpSpec Spec => new(Widths, Activation, Bias: false, Init);

    /// <summary>Checks the values and returns this problem.</summary>
    /// <exception cref="ArgumentException">Bad widths, N ≤ 0, a dtype other than float32/float64, bad training options.</exception>
    public MlpProblem Validated()
    {
        Spec.Validated();
        if (Samples <= 0) throw new ArgumentException($"Samples must be positive, got {Samples}", nameof(Samples));
        foreach (var (t, name) in new[] { (DType, nameof(DType)), (HessianDType, nameof(HessianDType)) })
            if (t != torch.ScalarType.Float32 && t != torch.ScalarType.Float64)
                throw new ArgumentException($"{name} must be Float32 or Float64, got {t}", name);
        Training.Validated();
        return this;
    }

    /// <summary>The seeded model and data set, both in <see cref="DType"/>.</summary>
    public (Mlp Model, Dataset Data) Create()
    {
        Validated();
        var model = new Mlp(Spec, InitSeed, DType);
        var data = SyntheticData.Create(Data, Samples, Widths[0], Widths[^1], DataSeed, DType);
        return (model, data);
    }

    /// <summary>The same problem with seed <paramref name="seed"/>.</summary>
    public MlpProblem WithSeed(long seed) => this with { Seed = seed };

    /// <summary>"paper: widths 500,8,500, N=5000, CE, Gaussian data, Torch init, Float32, seed 0".</summary>
    public string Describe() =>
        $"{Preset.ToString().ToLowerInvariant()}: widths {string.Join(",", Widths)}, N={Samples}, {Loss.ToString().ToUpperInvariant()}, {Data} data, {Init} init, {DType}, seed {Seed}";
}
