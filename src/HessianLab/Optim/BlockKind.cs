namespace HessianLab.Optim;

/// <summary>How Adam-mini cuts one parameter tensor into blocks that share one second moment
/// (Zhang et al., "Adam-mini: Use Fewer Learning Rates To Gain More", ICLR 2025; docs/optimizers.md).</summary>
public enum BlockKind
{
    /// <summary>One block per output neuron (row of an (out, in) weight): V, attention output, MLP weights.</summary>
    Rows,
    /// <summary>One block per attention head: the rows of Q or K grouped into H contiguous slices.</summary>
    Heads,
    /// <summary>One block per token: the rows of an embedding or output head (vocab, d).</summary>
    Tokens,
    /// <summary>One block for the whole tensor: norm gains.</summary>
    Tensor,
    /// <summary>One block per element (plain Adam): biases.</summary>
    Elements,
}
