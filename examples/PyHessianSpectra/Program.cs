using HessianLab.Curvature;
using HessianLab.Models;
using HessianLab.Spectra;
using TorchSharp;
using static TorchSharp.torch;

// PyHessian's three numbers — top eigenvalues, trace, spectral density — for your own module, from
// Hessian-vector products only (never forming H), then checked against the dense Hessian (P is small here).
torch.manual_seed(1);
var model = nn.Sequential(
    ("fc1", nn.Linear(10, 16)), ("act", nn.ReLU()), ("fc2", nn.Linear(16, 3))).to(float64);
var x = randn(256, 10, dtype: float64);
var y = randint(0, 3, new long[] { 256 }, ScalarType.Int64);

var op = new ModuleCurvatureOperator(model, (z, t) => nn.functional.cross_entropy(z, t),
    ModuleCurvatureOperator.Split(x, y, batchSize: 64));
var spectrum = new OperatorSpectrum(op, seed: 7);

double[] top = spectrum.TopEigenvalues(k: 3);
var (trace, stdError) = spectrum.Trace(probes: 200);
var density = spectrum.Density(steps: 60, probes: 2);

// Reference: eigenvalues and trace of the dense Hessian of the same loss.
var ps = ModuleParameters.Of(model);
using var exact = AutogradHessian.ForModule(ps, () => nn.functional.cross_entropy(model.forward(x), y));
var h = exact.Full();
var eig = linalg.eigvalsh(h).sort(descending: true).Values;
double[] exactTop = eig.narrow(0, 0, 3).data<double>().ToArray();
double exactTrace = h.trace().item<double>();

Console.WriteLine($"P = {op.Dimension}");
Console.WriteLine($"top-3 eigenvalues (Lanczos): {string.Join(", ", top.Select(v => v.ToString("F6")))}");
Console.WriteLine($"top-3 eigenvalues (dense):   {string.Join(", ", exactTop.Select(v => v.ToString("F6")))}");
Console.WriteLine($"trace (Hutchinson, 200 probes): {trace:F4} ± {stdError:F4}; dense: {exactTrace:F4}");
int peak = Array.IndexOf(density.Density, density.Density.Max());
Console.WriteLine($"density: {density.Nodes.Length} quadrature nodes in [{density.Nodes.Min():F4}, {density.Nodes.Max():F4}], peak at λ ≈ {density.Grid[peak]:F4}");

if (Math.Abs(top[0] - exactTop[0]) > 1e-6 * Math.Abs(exactTop[0])) throw new Exception("Lanczos top eigenvalue disagrees with the dense Hessian");
if (Math.Abs(trace - exactTrace) > 4 * stdError + 1e-9) throw new Exception("Hutchinson trace is off by more than 4 standard errors");
