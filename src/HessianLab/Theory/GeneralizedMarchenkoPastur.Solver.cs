using System.Numerics;

namespace HessianLab.Theory;

public sealed partial class GeneralizedMarchenkoPastur
{
    /// <summary>Stieltjes transform m(z) for Im z &gt; 0: Newton on z = −1/m + ∫ τ dH/(1 + γτm), continued in η
    /// from a large imaginary part down to Im z (see the class remarks).</summary>
    /// <exception cref="ArgumentException">Im z ≤ 0.</exception>
    /// <exception cref="ArithmeticException">The continuation failed (not seen in practice; reported, never hidden).</exception>
    public Complex Stieltjes(Complex z)
    {
        if (!(z.Imaginary > 0)) throw new ArgumentException($"the Stieltjes transform is solved for Im z > 0, got {z}", nameof(z));
        double scale = UpperBound;
        double eta = Math.Max(z.Imaginary, 4 * scale);
        var zc = new Complex(z.Real, eta);
        var m = FixedPoint(zc, -1 / zc, 30);
        if (!TryNewton(zc, ref m)) throw new ArithmeticException($"Silverstein equation: no convergence at the start z = {zc}");
        double factor = 0.25;
        while (eta > z.Imaginary)
        {
            double next = Math.Max(z.Imaginary, eta * factor);
            var trial = m;
            if (TryNewton(new Complex(z.Real, next), ref trial))
            {
                m = trial;
                eta = next;
                factor = Math.Max(factor * factor, 1e-3);
            }
            else
            {
                factor = Math.Sqrt(factor);
                if (factor > 0.999) throw new ArithmeticException($"Silverstein equation: η-continuation stalled at z = {z.Real} + {eta}i");
            }
        }
        return m;
    }

    /// <summary>m(z) by Newton at Im z started from a nearby solution (continuation along the real axis); false when
    /// Newton fails or leaves the upper half plane. The caller verifies against <see cref="Stieltjes"/>.</summary>
    internal bool TryStieltjesFrom(Complex z, ref Complex m) => TryNewton(z, ref m);

    /// <summary>S(m) = ∫ τ dH/(1 + γτm) and its derivative S'(m) = −γ ∫ τ² dH/(1 + γτm)².</summary>
    private (Complex S, Complex dS) Integral(Complex m)
    {
        var atoms = Lambda.Atoms;
        var weights = Lambda.Weights;
        Complex s = 0, ds = 0;
        for (int k = 0; k < atoms.Count; k++)
        {
            double t = atoms[k];
            Complex inv = 1 / (1 + Ratio * t * m);
            s += weights[k] * t * inv;
            ds -= weights[k] * Ratio * t * t * inv * inv;
        }
        return (s, ds);
    }

    private Complex FixedPoint(Complex z, Complex m, int iterations)
    {
        for (int i = 0; i < iterations; i++)
        {
            var next = 1 / (-z + Integral(m).S);
            m = 0.5 * m + 0.5 * next;
        }
        return m;
    }

    /// <summary>Newton on F(m) = −1/m + S(m) − z, F'(m) = 1/m² + S'(m); accepts only a converged root with Im m &gt; 0.</summary>
    private bool TryNewton(Complex z, ref Complex m)
    {
        var x = m;
        for (int it = 0; it < 60; it++)
        {
            var (s, ds) = Integral(x);
            Complex f = -1 / x + s - z;
            Complex df = 1 / (x * x) + ds;
            Complex step = f / df;
            if (!double.IsFinite(step.Real) || !double.IsFinite(step.Imaginary)) return false;
            // Damp steps that would leave the upper half plane.
            double damp = 1;
            while ((x - damp * step).Imaginary <= 0 && damp > 1e-6) damp *= 0.5;
            x -= damp * step;
            // Converged: a relative step near rounding, or a residual at rounding level of its terms.
            double roundoff = 1e-14 * (Complex.Abs(z) + 1 / Complex.Abs(x) + Complex.Abs(s));
            if (Complex.Abs(step) * damp <= 1e-12 * Complex.Abs(x) || Complex.Abs(f) <= roundoff)
            {
                if (x.Imaginary <= 0) return false;
                m = x;
                return true;
            }
        }
        return false;
    }
}
