using HessianLab.Optim;
using TorchSharp;
using static TorchSharp.torch;

// Muon, NorMuon and Adam-mini in your own training loop, next to AdamW, on your own module.
// Muon/NorMuon orthogonalize the hidden 2-D weights; the head ("head.weight", the last 2-D weight) and the biases
// go to an auxiliary AdamW, the official Muon recipe (ModuleRouting.Default). Adam-mini gets explicit block rules.
var x = MakeData(out var y);
foreach (string name in new[] { "AdamW", "Muon", "NorMuon", "Adam-mini" })
{
    torch.manual_seed(3);                                     // same initial weights for every optimizer
    var model = nn.Sequential(("fc1", nn.Linear(20, 64)), ("act1", nn.ReLU()),
                              ("fc2", nn.Linear(64, 64)), ("act2", nn.ReLU()), ("head", nn.Linear(64, 5)));
    optim.Optimizer optimizer = name switch
    {
        "AdamW" => new AdamWOptimizer(model.parameters(), lr: 3e-3, weightDecay: 0),
        "Muon" => ModuleOptimizers.Muon(model, lr: 0.02, aux: new AuxAdamWSettings(LearningRate: 3e-3)),
        "NorMuon" => ModuleOptimizers.NorMuon(model, lr: 0.02, aux: new AuxAdamWSettings(LearningRate: 3e-3)),
        _ => new AdamMini(AdamMiniRules.Partition(model,
                AdamMiniRule.Weights("*.weight", BlockRule.Rows),      // one block per output neuron
                AdamMiniRule.Vectors("*.bias", BlockRule.Elements)), lr: 3e-3),
    };
    if (optimizer is RoutedOptimizer routed)
        Console.WriteLine($"{name} routing: " + string.Join(", ", routed.Routes.Select(r => $"{r.Name} → {(r.Target == RouteTarget.Matrix ? name : "AdamW")}")));

    double first = 0, last = 0;
    for (int step = 0; step < 50; step++)
    {
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.forward(x), y);
        loss.backward();
        optimizer.step();
        if (step == 0) first = loss.item<float>();
        last = loss.item<float>();
    }
    Console.WriteLine($"{name,-10} cross-entropy {first:F4} → {last:F4} after 50 full-batch steps");
    if (!(last < 0.5 * first)) throw new Exception($"{name} did not halve the loss");
}

// Five Gaussian clusters in 20 dimensions, 500 points.
static Tensor MakeData(out Tensor labels)
{
    torch.manual_seed(0);
    var centers = 2 * randn(5, 20);
    labels = randint(0, 5, new long[] { 500 }, ScalarType.Int64);
    return centers.index_select(0, labels) + randn(500, 20);
}
