using HessianLab.IO;
using HessianLab.Models.Gpt2;
using HessianLab.Tests.Plots;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Models.Gpt2;

[Collection(TorchCollection.Name)]
public sealed class Gpt2CheckpointTests
{
    private static readonly int[] Ids = { 3, 10, 0, 7, 7, 2 };

    private static Tensor Reference(TinyGpt2Checkpoint c)
    {
        var r = Gpt2Reference.Logits(c, Ids);
        return tensor(Enumerable.Range(0, r.Length).Select(i => r[i / TinyGpt2Checkpoint.Vocab, i % TinyGpt2Checkpoint.Vocab]).ToArray())
            .reshape(Ids.Length, TinyGpt2Checkpoint.Vocab);
    }

    private static Tensor LogitsOf(Gpt2Model model) => model.forward(tensor(Ids.Select(i => (long)i).ToArray()).unsqueeze(0)).squeeze(0);

    [Fact]
    public void A_hand_written_float64_checkpoint_loads_and_its_logits_match_the_hand_expanded_forward()
    {
        using var scope = NewDisposeScope();
        var c = new TinyGpt2Checkpoint();
        using var dir = new TempDir();
        using var model = Gpt2Checkpoint.Load(c.Write(dir.File("ckpt"), float64: true, prefixed: false));

        Assert.Equal(new Gpt2Config(11, 6, 8, 1, 2, 1e-5), model.Config);
        Assert.Equal(ScalarType.Float64, model.DType);
        var byName = model.named_parameters().ToDictionary(np => np.name, np => np.parameter);
        Assert.Equal(c.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal), byName.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, shape, values) in c.Tensors)
        {
            Assert.Equal(shape.Select(s => (long)s), byName[name].shape);
            Assert.Equal(values, byName[name].data<double>().ToArray());
        }
        Assertions.AllClose(Reference(c), LogitsOf(model), rtol: 1e-12, atol: 1e-12, what: "GPT-2 logits vs the hand-expanded forward");
    }

    [Fact]
    public void Both_name_layouts_load_identically()
    {
        using var scope = NewDisposeScope();
        var c = new TinyGpt2Checkpoint(seed: 4);
        using var dir = new TempDir();
        using var original = Gpt2Checkpoint.Load(c.Write(dir.File("a"), float64: true, prefixed: false));
        using var prefixed = Gpt2Checkpoint.Load(c.Write(dir.File("b"), float64: true, prefixed: true));
        var pa = original.named_parameters().ToList();
        var pb = prefixed.named_parameters().ToList();
        Assert.Equal(pa.Select(p => p.name), pb.Select(p => p.name));
        for (int i = 0; i < pa.Count; i++) Assert.True(pa[i].parameter.eq(pb[i].parameter).all().item<bool>(), pa[i].name);
        Assert.True(LogitsOf(original).eq(LogitsOf(prefixed)).all().item<bool>());
        Assertions.AllClose(Reference(c), LogitsOf(prefixed), rtol: 1e-12, atol: 1e-12, what: "prefixed layout logits");
    }

    [Fact]
    public void A_float32_checkpoint_gives_a_float32_model_close_to_the_reference()
    {
        using var scope = NewDisposeScope();
        var c = new TinyGpt2Checkpoint(seed: 7);
        using var dir = new TempDir();
        using var model = Gpt2Checkpoint.Load(c.Write(dir.File("f32"), float64: false, prefixed: true));
        Assert.Equal(ScalarType.Float32, model.DType);
        var logits = LogitsOf(model);
        Assert.Equal(ScalarType.Float32, logits.dtype);
        Assertions.AllClose(Reference(c), logits, rtol: 1e-4, atol: 1e-4, what: "float32 logits");
    }

    [Fact]
    public void Save_then_load_round_trips_every_parameter_with_the_original_names()
    {
        using var scope = NewDisposeScope();
        var c = new TinyGpt2Checkpoint(seed: 9);
        using var dir = new TempDir();
        using var model = Gpt2Checkpoint.Load(c.Write(dir.File("in"), float64: true, prefixed: true));
        Gpt2Checkpoint.Save(model, dir.File("out"));
        var names = Safetensors.ReadHeader(Path.Combine(dir.File("out"), "model.safetensors")).Entries.Select(e => e.Name);
        Assert.Equal(c.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        using var back = Gpt2Checkpoint.Load(dir.File("out"));
        Assert.Equal(model.Config, back.Config);
        Assert.True(LogitsOf(model).eq(LogitsOf(back)).all().item<bool>());
    }

    public static TheoryData<string, string> Faults => new()
    {
        { "missing", "1 tensor(s) missing for the config's 1-layer model: h.0.mlp.c_fc.bias" },
        { "misshaped", "tensor h.0.attn.c_proj.weight has shape [8, 4], the config needs [8, 8]" },
        { "unexpected", "unexpected tensor(s) for a GPT-2 model: h.1.ln_1.weight" },
        { "untied", "lm_head.weight differs from wte.weight" },
        { "vocab", "tensor wte.weight has shape [11, 8], the config needs [12, 8]" },
        { "no config size", "'n_embd' is missing or not an integer" },
        { "activation", "activation_function 'relu' is not GPT-2's tanh GELU" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Bad_checkpoints_are_refused_with_a_message_naming_the_tensor(string fault, string expected)
    {
        var c = new TinyGpt2Checkpoint();
        using var dir = new TempDir();
        string folder = dir.File("bad");
        bool prefixed = fault == "untied";
        string? config = fault switch
        {
            "vocab" => TinyGpt2Checkpoint.ConfigJson(vocab: 12),
            "no config size" => TinyGpt2Checkpoint.ConfigJson().Replace("\"n_embd\": 8, ", ""),
            "activation" => TinyGpt2Checkpoint.ConfigJson().Replace("gelu_new", "relu"),
            _ => null,
        };
        c.Write(folder, float64: true, prefixed, list => fault switch
        {
            "missing" => list.Where(t => t.Name != "h.0.mlp.c_fc.bias").ToList(),
            "misshaped" => list.Select(t => t.Name == "h.0.attn.c_proj.weight" ? (t.Name, new[] { 8, 4 }, t.Values[..32]) : t).ToList(),
            "unexpected" => list.Append(("h.1.ln_1.weight", new[] { 8 }, new double[8])).ToList(),
            "untied" => list.Select(t => t.Name == "lm_head.weight" ? (t.Name, t.Shape, t.Values.Select(v => v + 1).ToArray()) : t).ToList(),
            _ => list,
        }, config);
        var e = Assert.ThrowsAny<Exception>(() => Gpt2Checkpoint.Load(folder));
        Assert.IsType<InvalidDataException>(e);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_folder_without_config_or_weights_is_a_file_not_found_error()
    {
        using var dir = new TempDir();
        Assert.Throws<DirectoryNotFoundException>(() => Gpt2Checkpoint.Load(dir.File("nowhere")));
        Directory.CreateDirectory(dir.File("empty"));
        Assert.Contains("has no config.json", Assert.Throws<FileNotFoundException>(() => Gpt2Checkpoint.Load(dir.File("empty"))).Message);
        File.WriteAllText(dir.File("empty/config.json"), TinyGpt2Checkpoint.ConfigJson());
        Assert.Contains("has no model.safetensors", Assert.Throws<FileNotFoundException>(() => Gpt2Checkpoint.Load(dir.File("empty"))).Message);
    }
}
