using HessianLab.Curvature;
using HessianLab.Models;
using TorchSharp;
using static TorchSharp.torch;

// Hessian- and GGN-vector products of a mean loss over a data set, computed one mini-batch at a time
// (PyHessian's data-loader mode): the batch products, weighted by batch size, add up to the full-batch product.
torch.manual_seed(2);
var model = nn.Sequential(
    ("fc1", nn.Linear(8, 12)), ("act", nn.Tanh()), ("fc2", nn.Linear(12, 12)), ("act2", nn.Tanh()), ("fc3", nn.Linear(12, 1))).to(float64);
var x = randn(1000, 8, dtype: float64);
var y = x.narrow(1, 0, 1).sin() + 0.1 * randn(1000, 1, dtype: float64);
Func<Tensor, Tensor, Tensor> loss = (z, t) => nn.functional.mse_loss(z, t);

var batches = ModuleCurvatureOperator.Split(x, y, batchSize: 128);            // 8 batches, the last of 104
var hessian = new ModuleCurvatureOperator(model, loss, batches);
var ggn = new ModuleCurvatureOperator(model, loss, batches, CurvatureKind.Ggn);
var ps = hessian.Parameters;
var v = randn(ps.Count, dtype: float64);

Tensor hv = hessian.Apply(v), gv = ggn.Apply(v);

// The same products on the whole data set at once, as one graph.
var fullHv = CurvatureProducts.HessianVector(ps.Tensors, () => loss(model.forward(x), y), ps.Split(v));
var fullGv = CurvatureProducts.GgnVector(ps.Tensors, () => model.forward(x), z => loss(z, y), ps.Split(v));
double dh = (hv - cat(fullHv.Select(t => t.flatten()).ToArray())).norm().item<double>() / hv.norm().item<double>();
double dg = (gv - cat(fullGv.Select(t => t.flatten()).ToArray())).norm().item<double>() / gv.norm().item<double>();

Console.WriteLine($"P = {ps.Count}, {batches.Count} mini-batches of ≤ 128 samples");
Console.WriteLine($"vᵀHv = {v.dot(hv).item<double>():F6}, vᵀGv = {v.dot(gv).item<double>():F6} (the GGN is PSD)");
Console.WriteLine($"mini-batch vs full-batch: |ΔHv|/|Hv| = {dh:E2}, |ΔGv|/|Gv| = {dg:E2}");
if (dh > 1e-10 || dg > 1e-10) throw new Exception("mini-batch products disagree with the full-batch ones");
