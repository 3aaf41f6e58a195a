using HessianLab.Curvature;
using HessianLab.Models;
using HessianLab.Structure;
using TorchSharp;
using static TorchSharp.torch;

// Your own module: 6 inputs → 8 tanh neurons → 4 classes, in float64 for an exact Hessian.
torch.manual_seed(0);
var model = new TwoLayerNet(inputs: 6, hidden: 8, classes: 4).to(float64);
var x = randn(64, 6, dtype: float64);
var y = randint(0, 4, new long[] { 64 }, ScalarType.Int64);

// θ = all trainable parameters; one neuron block = a row of a weight together with its bias entry.
var ps = ModuleParameters.Of(model);
using var hessian = AutogradHessian.ForModule(ps, () => nn.functional.cross_entropy(model.forward(x), y));
var h = hessian.Full();                                       // P × P
var metrics = ModuleStructure.Analyze(h, ps).Metrics;

// Share of ‖H‖_F² inside the neuron blocks, next to the share of entries those blocks cover.
double area = ps.NeuronBlocks().Sum(b => (double)b.Length * b.Length) / ((double)ps.Count * ps.Count);
Console.WriteLine($"P = {ps.Count} parameters, {metrics.Blocks} neuron blocks covering {area:P1} of the entries");
Console.WriteLine($"neuron-block share {metrics.BlockDiagonalShare:P1}");

sealed class TwoLayerNet : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Linear fc1, fc2;

    public TwoLayerNet(int inputs, int hidden, int classes) : base(nameof(TwoLayerNet))
    {
        fc1 = nn.Linear(inputs, hidden);
        fc2 = nn.Linear(hidden, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => fc2.forward(tanh(fc1.forward(input)));
}
