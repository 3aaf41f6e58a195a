using HessianLab.Optim;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Tests.Optim;

[Collection(TorchCollection.Name)]
public sealed class ModuleOptimizersTests
{
    /// <summary>A small language-model-like module: embedding, two hidden linears, a norm, a head, one frozen weight.</summary>
    private sealed class Tiny : nn.Module<Tensor, Tensor>
    {
        private readonly Embedding emb = nn.Embedding(11, 6);
        private readonly Linear fc1 = nn.Linear(6, 8), fc2 = nn.Linear(8, 6), head = nn.Linear(6, 11, hasBias: false);
        private readonly LayerNorm ln = nn.LayerNorm(6);
        private readonly Linear frozen = nn.Linear(6, 6);

        public Tiny() : base(nameof(Tiny))
        {
            RegisterComponents();
            foreach (var p in frozen.parameters()) p.requires_grad = false;
        }

        public override Tensor forward(Tensor ids) =>
            head.forward(ln.forward(frozen.forward(fc2.forward(fc1.forward(emb.forward(ids)).relu()))));
    }

    [Fact]
    public void Default_routing_sends_hidden_matrices_to_Muon_and_embeddings_head_biases_gains_to_AdamW()
    {
        using var m = new Tiny();
        var routes = ModuleRouting.Default(m).ToDictionary(r => r.Name, r => r.Target);
        Assert.Equal(RouteTarget.AdamW, routes["emb.weight"]);
        Assert.Equal(RouteTarget.Matrix, routes["fc1.weight"]);
        Assert.Equal(RouteTarget.Matrix, routes["fc2.weight"]);
        Assert.Equal(RouteTarget.AdamW, routes["fc1.bias"]);
        Assert.Equal(RouteTarget.AdamW, routes["ln.weight"]);
        Assert.Equal(RouteTarget.AdamW, routes["head.weight"]);
        Assert.False(routes.ContainsKey("frozen.weight"));
        Assert.Equal(8, routes.Count);                                        // emb, fc1 ×2, fc2 ×2, ln ×2, head
    }

    [Fact]
    public void The_one_factory_builds_every_optimizer_for_any_module_from_its_rules_and_steps_the_same_as_by_hand()
    {
        using var m = new Tiny();
        var rules = OptimizerRules.ForModule(m);
        Assert.Equal(8, rules.Parameters.Count);                               // the frozen weight and bias are left out
        // Adam-mini needs explicit rules for a module: an error, never a silent guess.
        Assert.Throws<ArgumentException>(() => OptimizerFactory.Create(new OptimizerSettings(OptimizerKind.AdamMini), rules));

        // Muon through the factory = Muon through ModuleOptimizers (same routing, same defaults), step by step.
        using var twin = new Tiny();
        twin.load_state_dict(m.state_dict());
        var (viaFactory, routing, label) = OptimizerFactory.Create(new OptimizerSettings(OptimizerKind.Muon, WeightDecay: 0), rules);
        var direct = ModuleOptimizers.Muon(twin);
        Assert.Contains(routing, row => row[0] == "fc1.weight");
        Assert.Contains("aux AdamW", label);
        var ids = torch.tensor(new long[] { 1, 4, 7, 10, 2 });
        for (int step = 0; step < 3; step++)
            foreach (var (model, opt) in new (Tiny, optim.Optimizer)[] { (m, viaFactory), (twin, direct) })
            {
                opt.zero_grad();
                model.forward(ids).square().mean().backward();
                opt.step();
            }
        foreach (var (a, b) in m.parameters().Zip(twin.parameters()))
            Assert.True(a.allclose(b, rtol: 0, atol: 0), "the factory's Muon and ModuleOptimizers.Muon diverged");
    }

    [Fact]
    public void Routing_is_overridable_and_rejects_unknown_names_and_rank1_to_Muon()
    {
        using var m = new Tiny();
        var routes = ModuleRouting.Default(m, heads: [], overrides: new Dictionary<string, RouteTarget> { ["fc2.weight"] = RouteTarget.AdamW });
        var t = routes.ToDictionary(r => r.Name, r => r.Target);
        Assert.Equal(RouteTarget.Matrix, t["head.weight"]);
        Assert.Equal(RouteTarget.AdamW, t["fc2.weight"]);
        Assert.Throws<ArgumentException>(() => ModuleRouting.Default(m, heads: ["nope.weight"]));
        Assert.Throws<ArgumentException>(() => ModuleRouting.Default(m, overrides: new Dictionary<string, RouteTarget> { ["fc1.bias"] = RouteTarget.Matrix }));
    }

    [Fact]
    public void Module_Muon_step_equals_Muon_and_AdamW_built_by_hand()
    {
        torch.manual_seed(5);
        using var a = new Tiny();
        using var b = new Tiny();
        b.load_state_dict(a.state_dict());
        var ids = torch.randint(0, 11, new long[] { 4, 5 }, ScalarType.Int64);
        var opt = ModuleOptimizers.Muon(a, lr: 0.05);
        var named = b.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var muon = new Muon(new[] { named["fc1.weight"], named["fc2.weight"] }, lr: 0.05);
        var aux = new AdamWOptimizer(new[] { "emb.weight", "fc1.bias", "fc2.bias", "ln.weight", "ln.bias", "head.weight" }.Select(n => named[n]),
            lr: 3e-4, beta1: 0.9, beta2: 0.95, eps: 1e-10, weightDecay: 0);
        for (int step = 0; step < 3; step++)
        {
            opt.zero_grad(); muon.zero_grad(); aux.zero_grad();
            a.forward(ids).square().mean().backward();
            b.forward(ids).square().mean().backward();
            opt.step(); muon.step(); aux.step();
        }
        foreach (var (name, p) in a.named_parameters())
            Assert.True(p.allclose(named[name], rtol: 0, atol: 0), $"{name} differs");
    }

    [Fact]
    public void Named_state_is_torch_exp_avg_and_exp_avg_sq_in_closed_form()
    {
        var w = new Parameter(torch.tensor(new[] { 1.0, -2.0, 3.0 }));
        var opt = new AdamWOptimizer(new[] { w }, lr: 0.1, beta1: 0.9, beta2: 0.99);
        w.grad = torch.tensor(new[] { 0.5, -1.0, 2.0 });
        opt.step();
        var s = opt.StateOf(w);
        Assert.Equal(1, s.Step);
        Assert.Equal(new[] { 0.05, -0.1, 0.2 }, s.Momentum.data<double>().ToArray().Select(v => Math.Round(v, 12)));
        Assert.Equal(new[] { 0.0025, 0.01, 0.04 }, s.SecondMoment!.data<double>().ToArray().Select(v => Math.Round(v, 12)));
        Assert.Throws<ArgumentException>(() => opt.StateOf(new Parameter(torch.zeros(2))));

        using var m = new Tiny();
        var routed = ModuleOptimizers.NorMuon(m);
        var fc1 = m.named_parameters().First(p => p.name == "fc1.weight").parameter;
        Assert.NotNull(routed.StateOf(fc1).SecondMoment);                                  // NorMuon: per-neuron v
        Assert.Equal(new long[] { 11, 6 }, routed.StateOf(m.named_parameters().First(p => p.name == "head.weight").parameter).Momentum.shape);
    }

    [Fact]
    public void AdamMini_rules_cover_every_parameter_or_name_the_uncovered_ones()
    {
        using var m = new Tiny();
        var part = AdamMiniRules.Partition(m,
            new AdamMiniRule("emb.weight", BlockRule.Tokens), new AdamMiniRule("head.weight", BlockRule.Tokens),
            AdamMiniRule.Weights("fc*.weight", BlockRule.Rows), AdamMiniRule.Vectors("*.bias", BlockRule.Elements),
            new AdamMiniRule("ln.weight", BlockRule.WholeTensor));
        var blocks = part.Entries.ToDictionary(e => e.Name, e => e.BlockCount);
        Assert.Equal(11, blocks["emb.weight"]);
        Assert.Equal(8, blocks["fc1.weight"]);
        Assert.Equal(1, blocks["ln.weight"]);
        Assert.Equal(6, blocks["ln.bias"]);
        Assert.False(blocks.ContainsKey("frozen.weight"));

        var ex = Assert.Throws<ArgumentException>(() => AdamMiniRules.Partition(m, AdamMiniRule.Weights("*", BlockRule.Rows)));
        Assert.Contains("fc1.bias", ex.Message);
        Assert.Contains("ln.weight", ex.Message);
        Assert.DoesNotContain("fc1.weight [", ex.Message);
        Assert.Throws<ArgumentException>(() => AdamMiniRules.Partition(m, new AdamMiniRule("*", BlockRule.PerHead(5))));
        Assert.Equal(8, AdamMiniRules.Partition(m, AdamMiniRules.FeedForward).Entries.Count);
    }
}
