using System.Text.Json.Serialization;
using HessianLab.Data;
using HessianLab.Losses;
using HessianLab.Models;

namespace HessianLab.Experiments.Hessians;

/// <summary>The network and data of a Hessian experiment (written to config.json as is).</summary>
/// <param name="Widths">d_0, hidden widths…, C.</param>
/// <param name="Samples">N.</param>
/// <param name="Loss">CE or MSE.</param>
/// <param name="Data">Gaussian (default, labels independent of x) or clusters.</param>
/// <param name="Activation">Hidden activation (ReLU default).</param>
/// <param name="Init">Weight initialization (LeCun normal default, the talk's Assumption 2).</param>
/// <param name="Seed">Seed of the weights; the data use Seed + 1000.</param>
public sealed record NetSetup(
    IReadOnlyList<int> Widths, int Samples,
    [property: JsonConverter(typeof(JsonStringEnumConverter))] LossKind Loss = LossKind.Ce,
    [property: JsonConverter(typeof(JsonStringEnumConverter))] DataKind Data = DataKind.Gaussian,
    [property: JsonConverter(typeof(JsonStringEnumConverter))] Activation Activation = Activation.Relu,
    [property: JsonConverter(typeof(JsonStringEnumConverter))] InitScheme Init = InitScheme.Lecun,
    long Seed = 0)
{
    /// <summary>P = Σ d_l d_{l-1} (no biases).</summary>
    public long Parameters => Enumerable.Range(1, Widths.Count - 1).Sum(l => (long)Widths[l] * Widths[l - 1]);

    /// <summary>The seeded model and data set.</summary>
    public (Mlp Model, Dataset Data) Create()
    {
        var model = new Mlp(new MlpSpec(Widths, Activation, Bias: false, Init), Seed);
        var data = SyntheticData.Create(Data, Samples, Widths[0], Widths[^1], Seed + 1000);
        return (model, data);
    }

    /// <summary>"d=500 m=8 C=500 N=5000 CE" style description.</summary>
    public string Describe() => $"widths {string.Join(",", Widths)}, N={Samples}, {Loss.ToString().ToUpperInvariant()}, {Data} data, seed {Seed}";
}
