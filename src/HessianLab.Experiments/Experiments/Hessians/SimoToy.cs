using static TorchSharp.torch;

namespace HessianLab.Experiments.Hessians;

/// <summary>The talk's SIMO toy loss ℓ(w1, w2, v1, v2) = ½(w1 v1)² + ½(w2 v2)² (Part II, Example 2) in closed form,
/// parameter order (w1, w2, v1, v2).</summary>
/// <remarks>With f_i = w_i v_i and ℓ = ½‖f‖² (Λ = I, r_i = f_i): GGN = JᵀJ has (w_i,w_i) = v_i², (v_i,v_i) = w_i²,
/// (w_i,v_i) = w_i v_i; the residual r_i ∂²f_i adds w_i v_i at (w_i, v_i). So ∂²ℓ/∂w_i∂v_i = 2 w_i v_i and
/// every entry linking path 1 to path 2 is exactly zero.</remarks>
public static class SimoToy
{
    /// <summary>The loss as a tensor expression of w = (w1, w2), v = (v1, v2).</summary>
    public static Tensor Loss(Tensor w, Tensor v) => 0.5 * (w * v).pow(2).sum();

    /// <summary>Closed-form Hessian (4 × 4), GGN part and residual part.</summary>
    public static (double[,] Hessian, double[,] Ggn, double[,] Residual) ClosedForm(double w1, double w2, double v1, double v2)
    {
        var ggn = new double[,]
        {
            { v1 * v1, 0, w1 * v1, 0 },
            { 0, v2 * v2, 0, w2 * v2 },
            { w1 * v1, 0, w1 * w1, 0 },
            { 0, w2 * v2, 0, w2 * w2 },
        };
        var res = new double[,]
        {
            { 0, 0, w1 * v1, 0 },
            { 0, 0, 0, w2 * v2 },
            { w1 * v1, 0, 0, 0 },
            { 0, w2 * v2, 0, 0 },
        };
        var h = new double[4, 4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) h[i, j] = ggn[i, j] + res[i, j];
        return (h, ggn, res);
    }

    /// <summary>Reorders (w1, w2, v1, v2) into neuron order (w1, v1, w2, v2).</summary>
    public static double[,] NeuronOrder(double[,] m)
    {
        int[] p = { 0, 2, 1, 3 };
        var r = new double[4, 4];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) r[i, j] = m[p[i], p[j]];
        return r;
    }
}
