using static TorchSharp.torch;

namespace HessianLab.Tests.TestSupport;

/// <summary>Central finite differences of a scalar function of θ: an independent Hessian reference.</summary>
public static class FiniteDifferences
{
    /// <summary>H[i,j] ≈ (f(θ+h e_i+h e_j) - f(θ+h e_i-h e_j) - f(θ-h e_i+h e_j) + f(θ-h e_i-h e_j)) / (4h²).</summary>
    public static Tensor Hessian(Func<Tensor, double> f, Tensor theta, double h = 1e-4)
    {
        int p = (int)theta.shape[0];
        var H = zeros(p, p, dtype: ScalarType.Float64);
        for (int i = 0; i < p; i++)
            for (int j = i; j < p; j++)
            {
                double Eval(double si, double sj)
                {
                    var t = theta.clone();
                    t[i] = t[i] + si * h;
                    t[j] = t[j] + sj * h;
                    return f(t);
                }
                double v = (Eval(1, 1) - Eval(1, -1) - Eval(-1, 1) + Eval(-1, -1)) / (4 * h * h);
                H[i, j] = v; H[j, i] = v;
            }
        return H;
    }

    /// <summary>Richardson-extrapolated central differences: (4 H(h/2) − H(h)) / 3 cancels the O(h²) error,
    /// for strongly curved functions where plain differences are truncation-limited.</summary>
    public static Tensor HessianRichardson(Func<Tensor, double> f, Tensor theta, double h = 1e-3) =>
        (4 * Hessian(f, theta, h / 2) - Hessian(f, theta, h)) / 3;
}
