namespace HessianLab.Experiments.Hessians;

/// <summary>ρ of the hidden and output layer for one (loss, C, seed) of a sweep (E3, E4).</summary>
/// <param name="Loss">"CE" or "MSE".</param>
/// <param name="Classes">C.</param>
/// <param name="Seed">Seed.</param>
/// <param name="RhoHidden">ρ of the first layer's neuron blocks (NaN when there is no hidden layer).</param>
/// <param name="RhoOutput">ρ of the output layer's neuron blocks.</param>
/// <param name="Seconds">Engine time.</param>
public sealed record RhoPoint(string Loss, int Classes, long Seed, double RhoHidden, double RhoOutput, double Seconds);
