using static TorchSharp.torch;

namespace HessianLab.Optim;

public sealed partial class BufferState
{
    /// <summary>The first moment: torch.optim's <c>exp_avg</c> (AdamW; Adam-mini as blocks × k) or
    /// <c>momentum_buffer</c> (Muon, NorMuon), as a matrix for the matrix optimizers.</summary>
    public Tensor Momentum => Buffers[0];

    /// <summary>The second moment, or null (Muon has none): <c>exp_avg_sq</c> per element (AdamW), one value per
    /// block (Adam-mini), one per neuron (NorMuon).</summary>
    public Tensor? SecondMoment => Buffers.Length > 1 ? Buffers[1] : null;
}
