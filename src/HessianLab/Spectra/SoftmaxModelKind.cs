namespace HessianLab.Spectra;

/// <summary>Which network's softmax produces the dependent Λ (all at LeCun initialization, no biases).</summary>
public enum SoftmaxModelKind
{
    /// <summary>Linear model z = V x: Λ_n = p_{n,k}(1 − p_{n,k}), so (1/N) X Λ Xᵀ is the exact CE Hessian block
    /// ∂²ℓ/∂v_k∂v_kᵀ (the talk's "Key Challenges" slide).</summary>
    Linear,

    /// <summary>1-hidden-layer ReLU net z = V relu(W x): Λ_n = p_{n,k}(1 − p_{n,k}) of its softmax, with the same X.</summary>
    OneHidden,

    /// <summary>1-hidden-layer ReLU net: Λ_n = 1[w_kᵀx_n &gt; 0] · v_kᵀ(diag p_n − p_n p_nᵀ) v_k, v_k the k-th column of V,
    /// so (1/N) X Λ Xᵀ is the exact CE Hessian block ∂²ℓ/∂w_k∂w_kᵀ of hidden neuron k (ReLU'' = 0 a.e.).</summary>
    OneHiddenHiddenBlock,
}
