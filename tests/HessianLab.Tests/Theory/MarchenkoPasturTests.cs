using System.Numerics;
using HessianLab.Theory;

namespace HessianLab.Tests.Theory;

public sealed class MarchenkoPasturTests
{
    [Theory]
    [InlineData(0.25, 1.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(6.0, 1.0)]
    [InlineData(6.0, 2.5)]
    [InlineData(0.5, 0.3)]
    public void Given_any_ratio_the_density_plus_the_atom_integrates_to_one_and_has_the_closed_form_moments(double gamma, double sigma2)
    {
        var mp = new MarchenkoPastur(gamma, sigma2);

        double mass = mp.AtomAtZero + mp.ContinuousMoment(0);
        double m1 = mp.ContinuousMoment(1), m2 = mp.ContinuousMoment(2);

        Assert.Equal(1.0, mass, 1e-9);
        Assert.Equal(sigma2, mp.Mean);
        Assert.Equal(sigma2, m1, 1e-9 * sigma2);
        Assert.Equal(sigma2 * sigma2 * (1 + gamma), m2, 1e-9 * sigma2 * sigma2);
        Assert.Equal(Math.Max(0, 1 - 1 / gamma), mp.AtomAtZero, 15);
    }

    [Fact]
    public void Given_ratio_six_the_continuous_part_has_mass_one_sixth_and_the_atom_five_sixths()
    {
        var mp = new MarchenkoPastur(6.0);

        Assert.Equal(5.0 / 6.0, mp.AtomAtZero, 14);
        Assert.Equal(1.0 / 6.0, mp.ContinuousMoment(0), 1e-10);
        Assert.Equal(Math.Pow(1 - Math.Sqrt(6), 2), mp.LowerEdge, 12);
        Assert.Equal(Math.Pow(1 + Math.Sqrt(6), 2), mp.UpperEdge, 12);
    }

    [Theory]
    [InlineData(0.3, 1.0)]
    [InlineData(6.0, 1.0)]
    public void Given_the_tabulated_density_its_trapezoid_mass_and_moments_match_the_closed_forms(double gamma, double sigma2)
    {
        var table = new MarchenkoPastur(gamma, sigma2).ToSpectralDensity(4000);

        Assert.Equal(1.0, table.TotalMass, 1e-5);
        Assert.Equal(sigma2, table.Moment(1), 1e-5);
        Assert.Equal(sigma2 * sigma2 * (1 + gamma), table.Moment(2), 1e-4);
        Assert.Equal(1.0, table.Cdf(1e9), 1e-5);
        Assert.Equal(table.AtomAtZero, table.Cdf(0), 15);
    }

    [Theory]
    [InlineData(0.4, 1.7, 0.8)]
    [InlineData(6.0, 5.0, 0.01)]
    [InlineData(6.0, -1.0, 0.3)]
    public void Given_a_point_off_the_axis_the_closed_form_Stieltjes_transform_equals_the_integral_of_the_law(double gamma, double re, double im)
    {
        // m(z) = w₀/(0 − z) + ∫ ρ(x)/(x − z) dx, the integral by the edge-smoothing substitution x = a + (b − a)(1 − cos θ)/2.
        var mp = new MarchenkoPastur(gamma);
        var z = new Complex(re, im);
        double a = mp.LowerEdge, b = mp.UpperEdge;
        int panels = 20000;
        Complex sum = 0;
        for (int i = 0; i <= panels; i++)
        {
            double th = Math.PI * i / panels;
            double x = a + (b - a) * (1 - Math.Cos(th)) / 2;
            double dxdth = (b - a) * Math.Sin(th) / 2;
            double wgt = i == 0 || i == panels ? 1 : i % 2 == 1 ? 4 : 2;
            sum += wgt * mp.Density(x) * dxdth / (x - z);
        }
        var integral = sum * (Math.PI / panels) / 3 + mp.AtomAtZero / (0 - z);

        var closed = mp.Stieltjes(z);

        Assert.True(Complex.Abs(closed - integral) < 1e-6 * Complex.Abs(closed), $"closed {closed} vs integral {integral}");
        Assert.True(closed.Imaginary > 0);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Given_a_bad_ratio_the_constructor_refuses_it_naming_the_value(double gamma)
    {
        var e = Assert.Throws<ArgumentException>(() => new MarchenkoPastur(gamma));
        Assert.Contains("ratio", e.Message);
    }
}
