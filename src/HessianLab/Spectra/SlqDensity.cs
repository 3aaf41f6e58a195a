namespace HessianLab.Spectra;

/// <summary>A smoothed spectral density from stochastic Lanczos quadrature.</summary>
/// <param name="Grid">Eigenvalue axis (ascending).</param>
/// <param name="Density">Density at each grid point (integrates to ≈ 1).</param>
/// <param name="Nodes">Quadrature nodes (Ritz values of every probe).</param>
/// <param name="Weights">Quadrature weights (each probe's weights sum to 1).</param>
/// <param name="Probes">Number of probes averaged.</param>
/// <param name="Sigma">Width of the Gaussian placed at each node.</param>
public sealed record SlqDensity(double[] Grid, double[] Density, double[] Nodes, double[] Weights, int Probes, double Sigma);
