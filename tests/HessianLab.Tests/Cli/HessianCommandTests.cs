using HessianLab.IO;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Cli;

[Collection(TorchCollection.Name)]
public sealed class HessianCommandTests
{
    [Fact]
    public void The_saved_hessian_agrees_with_finite_differences_of_the_loss_recomputed_from_the_saved_inputs()
    {
        string dir = CliRunner.TempDir();
        try
        {
            var (exit, output) = CliRunner.Run("hessian", "--layers", "4,3,3", "--samples", "20", "--activation", "tanh",
                "--method", "autograd", "--out", dir);
            Assert.True(exit == 0, output);
            var H = Npy.Load(Path.Combine(dir, "hessian.npy"));
            var X = Npy.Load(Path.Combine(dir, "inputs", "X.npy"));
            var y = Npy.Load(Path.Combine(dir, "inputs", "y.npy"));
            var W1 = Npy.Load(Path.Combine(dir, "inputs", "W1.npy"));
            var W2 = Npy.Load(Path.Combine(dir, "inputs", "W2.npy"));
            Assert.Equal(new long[] { 21, 21 }, H.shape);
            // Independent loss: plain tensor maths on θ = [vec_row(W1); vec_row(W2)], CE = mean(logsumexp(z) - z_y).
            double LossOf(Tensor theta)
            {
                var w1 = theta.narrow(0, 0, 12).reshape(3, 4);
                var w2 = theta.narrow(0, 12, 9).reshape(3, 3);
                var z = tanh(X.matmul(w1.t())).matmul(w2.t());
                return (z.logsumexp(1) - z.gather(1, y.unsqueeze(1)).squeeze(1)).mean().item<double>();
            }
            var theta0 = cat(new[] { W1.reshape(-1), W2.reshape(-1) }, 0);
            var fd = FiniteDifferences.Hessian(LossOf, theta0);
            Assertions.CloseRelativeToMax(fd, H, 1e-6, "saved Hessian vs finite differences");
            foreach (var f in new[] { "config.json", "metrics.json" }) Assert.True(File.Exists(Path.Combine(dir, f)), f);
            Assert.Empty(Directory.GetFiles(dir, "*tmp*", SearchOption.AllDirectories));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Exact_and_autograd_methods_write_the_same_hessian_for_a_gelu_net_with_biases()
    {
        string a = CliRunner.TempDir(), b = CliRunner.TempDir();
        try
        {
            string[] common = { "hessian", "--layers", "5,4,3,3", "--samples", "17", "--activation", "gelu", "--bias", "--train-steps", "3", "--lr", "0.01" };
            Assert.Equal(0, CliRunner.Run(common.Concat(new[] { "--method", "exact", "--out", a }).ToArray()).Exit);
            Assert.Equal(0, CliRunner.Run(common.Concat(new[] { "--method", "autograd", "--out", b }).ToArray()).Exit);
            var exact = Npy.Load(Path.Combine(a, "hessian.npy"));
            var autograd = Npy.Load(Path.Combine(b, "hessian.npy"));
            Assertions.CloseRelativeToMax(autograd, exact, 1e-10, "exact vs autograd via the CLI");
            Assert.Contains("\"methodUsed\": \"exact\"", File.ReadAllText(Path.Combine(a, "config.json")));
        }
        finally { Directory.Delete(a, true); Directory.Delete(b, true); }
    }

    [Theory]
    [InlineData("--layers", "4,x,3", "--layers: '4,x,3': 'x' is not an integer")]
    [InlineData("--layers", "4,0,3", "width #2 is 0")]
    [InlineData("--activation", "swish", "--activation: 'swish' is unknown; use relu, gelu, tanh, identity")]
    [InlineData("--loss", "hinge", "--loss: 'hinge' is unknown")]
    [InlineData("--samples", "0", "--samples must be a positive integer, got 0")]
    [InlineData("--samples", "-5", "--samples must be a positive integer, got -5")]
    [InlineData("--samples", "2.5", "--samples: '2.5' is not a whole number")]
    [InlineData("--method", "magic", "--method: 'magic' is unknown")]
    [InlineData("--device", "tpu", "--device: device 'tpu' is not a device")]
    [InlineData("--lr", "-Infinity", "--lr must be a positive finite number, got -Infinity")]
    [InlineData("--lr", "", "--lr needs a value, got an empty one")]
    [InlineData("--out", "", "--out needs a value, got an empty one")]
    [InlineData("--memory-budget", "-2GB", "--memory-budget: '-2GB' is not a positive size")]
    public void Bad_input_gives_a_one_line_error_and_exit_1(string option, string value, string expected)
    {
        string dir = CliRunner.TempDir();
        try
        {
            var args = new List<string> { "hessian" };
            if (option != "--layers") args.AddRange(new[] { "--layers", "4,3,3" });
            if (option != "--samples") args.AddRange(new[] { "--samples", "10" });
            if (option != "--out") args.AddRange(new[] { "--out", dir });
            args.AddRange(new[] { option, value });
            var (exit, output) = CliRunner.Run(args.ToArray());
            Assert.Equal(1, exit);
            Assert.Contains(expected, output);
            Assert.DoesNotContain("   at ", output);
            Assert.Single(output.Trim().Split('\n'));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_Hessian_too_large_for_the_disk_is_refused_before_allocating_with_the_bytes()
    {
        // Larger than memory is computed in bands (BandedHessianRun); only a matrix the disk cannot hold is refused.
        string dir = CliRunner.UnusedDir();
        var (exit, output) = CliRunner.Run("hessian", "--layers", "100000,100,10", "--out", dir);
        Assert.Equal(1, exit);
        Assert.Matches(@"^error: the 10001000×10001000 float64 Hessian needs [\d.]+ TB on disk but '.*' has [\d.]+ [KMGT]?B free; use a larger disk or a smaller network$", output.Trim());
        Assert.False(Directory.Exists(dir), "a refused run must not leave an output folder behind");
    }

    [Fact]
    public void An_output_folder_that_cannot_be_written_is_named_in_the_error()
    {
        string file = Path.GetTempFileName();
        var (exit, output) = CliRunner.Run("hessian", "--layers", "4,3,3", "--out", Path.Combine(file, "sub"));
        File.Delete(file);
        Assert.Equal(1, exit);
        Assert.Contains("cannot be written", output);
    }

    [Fact]
    public void The_paper_preset_uses_the_authors_init_precision_and_schedule()
    {
        string dir = CliRunner.TempDir();
        try
        {
            var (exit, output) = CliRunner.Run("hessian", "--preset", "paper", "--layers", "6,3,4", "--samples", "20", "--train-steps", "2", "--out", dir);
            Assert.True(exit == 0, output);
            string config = File.ReadAllText(Path.Combine(dir, "config.json"));
            Assert.Contains("\"init\": \"torch\"", config);
            Assert.Contains("\"dtype\": \"float32\"", config);
            Assert.Contains("cosine T_max = 50000 steps", config);
            // U(±1/√fan_in): every first-layer weight within 1/√6 (LeCun normal would exceed it with high probability).
            var w1 = HessianLab.IO.Npy.Load(Path.Combine(dir, "inputs", "W1.npy"));
            Assert.True(w1.abs().max().item<float>() <= 1 / Math.Sqrt(6) + 1e-6);
            Assert.Equal(TorchSharp.torch.ScalarType.Float32, w1.dtype);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("--init", "lecun", "paper", "--init lecun contradicts --preset paper (torch init); drop one")]
    [InlineData("--init", "torch", "theory", "--init torch contradicts --preset theory (LeCun init); drop one")]
    public void A_preset_and_a_contradicting_option_are_an_error(string option, string value, string preset, string expected)
    {
        var (exit, output) = CliRunner.Run("hessian", "--preset", preset, option, value, "--out", Path.Combine(CliRunner.TempDir(), "r"));
        Assert.Equal(1, exit);
        Assert.Equal("error: " + expected, output.Trim());
    }
}
