using System.Text.Json.Serialization;
using HessianLab.Problems;

namespace HessianLab.Experiments.Hessians;

/// <summary>The structure numbers of one Hessian of a 2-layer net under one preset and seed (E1, E2).</summary>
/// <param name="Preset">Paper or theory conventions.</param>
/// <param name="Seed">Seed S (weights S, data S + 1000).</param>
/// <param name="Step">Training step (0 = init).</param>
/// <param name="Loss">Loss at the snapshot.</param>
/// <param name="RhoHidden">ρ of the hidden layer's neuron blocks (H_WW).</param>
/// <param name="RhoOutput">ρ of the output layer's neuron blocks (H_VV).</param>
/// <param name="BlockShare">Share of ‖H‖² in the neuron diagonal blocks.</param>
/// <param name="WvRelative">‖H_WV‖_F / ‖H‖_F.</param>
/// <param name="WvGgnRelative">‖GGN part of H_WV‖_F / ‖H‖_F.</param>
/// <param name="WvResidualRelative">‖residual part of H_WV‖_F / ‖H‖_F.</param>
/// <param name="WvNorm">‖H_WV‖_F (absolute).</param>
public sealed record PresetRow(
    [property: JsonConverter(typeof(JsonStringEnumConverter))] ProblemPreset Preset, long Seed, int Step, double Loss,
    double RhoHidden, double RhoOutput, double BlockShare, double WvRelative, double WvGgnRelative, double WvResidualRelative, double WvNorm)
{
    /// <summary>Reads the row from a curve point of a 2-layer net (layer pair 0 = (W, V)).</summary>
    public static PresetRow From(ProblemPreset preset, long seed, CurvePoint p) =>
        new(preset, seed, p.Step, p.Loss, p.Rho[0], p.Rho[1], p.BlockDiagonalShare, p.CrossRelativeNorm[0],
            p.CrossGgnRelativeNorm[0], p.CrossResidualRelativeNorm[0], p.CrossRelativeNorm[0] * p.HessianNorm);

    /// <summary>The quantities summarized over seeds, by name (table rows and results.json).</summary>
    public static IReadOnlyList<(string Name, Func<PresetRow, double> Value)> Quantities { get; } = new (string, Func<PresetRow, double>)[]
    {
        ("loss", r => r.Loss),
        ("ρ hidden (H_WW neuron blocks)", r => r.RhoHidden),
        ("ρ output (H_VV neuron blocks)", r => r.RhoOutput),
        ("neuron block-diagonal share of ‖H‖²", r => r.BlockShare),
        ("‖H_WV‖_F / ‖H‖_F", r => r.WvRelative),
        ("GGN part of H_WV / ‖H‖_F", r => r.WvGgnRelative),
        ("residual part of H_WV / ‖H‖_F", r => r.WvResidualRelative),
        ("‖H_WV‖_F", r => r.WvNorm),
    };
}
