namespace HessianLab.Curvature.Exact;

/// <summary>How a diagonal layer block H_ll = (1/N) Σ_n G_ll ⊗ ã ãᵀ is accumulated (both factors symmetric).</summary>
internal enum DiagonalMode
{
    /// <summary>Per-neuron GEMMs like an off-diagonal block (no symmetry; used when nothing else fits the budget).</summary>
    Direct,
    /// <summary>Pairs i ≤ j and a ≤ b, one GEMM (d(d+1)/2 × n)(n × c(c+1)/2): ¼ of the flops; best when both sides are wide.</summary>
    Packed,
    /// <summary>Few neurons (small d): per pair i ≤ j a weighted Gram ãᵀ diag(G_ij) ã over the pair's active samples,
    /// accumulated in H itself.</summary>
    GramOfInputs,
    /// <summary>CE output layer with few inputs (small c): per pair a ≤ b, Σ_n ã_a ã_b (diag(p) − p pᵀ) over the samples
    /// with ã_a ã_b ≠ 0, accumulated in H itself.</summary>
    GramOfProbabilities,
}
