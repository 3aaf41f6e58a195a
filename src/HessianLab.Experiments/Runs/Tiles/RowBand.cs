namespace HessianLab.Runs.Tiles;

/// <summary>A band of Hessian rows [<see cref="Start"/>, <see cref="End"/>): whole neuron blocks, consecutive in θ order.</summary>
/// <param name="Start">First θ row.</param>
/// <param name="End">One past the last θ row.</param>
/// <param name="Neurons">The neurons (layer 1…L, row of [W_l | b_l]) whose blocks make up the band, in θ order.</param>
public sealed record RowBand(long Start, long End, IReadOnlyList<(int Layer, int Neuron)> Neurons)
{
    /// <summary>Rows in the band.</summary>
    public long Rows => End - Start;
}
