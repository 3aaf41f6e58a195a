using HessianLab.Cli;
using HessianLab.Tests.Plots;
using HessianLab.Tests.TestSupport;
using Spectre.Console.Testing;

namespace HessianLab.Tests.Experiments;

[Collection(TorchCollection.Name)]
public sealed class HessianExperimentCommandTests
{
    [Fact]
    public void Hessianlab_experiment_E5_quick_exits_0_and_writes_its_files()
    {
        using var dir = new TempDir();
        var console = new TestConsole { EmitAnsiSequences = false };
        console.Profile.Width = 200;

        int code = CliApp.Run(new[] { "experiment", "E5", "--quick", "--out", dir.Path }, console);

        Assert.Equal(0, code);
        Assert.True(File.Exists(dir.File("config.json")));
        Assert.True(File.Exists(dir.File("random_H_neuron_order.png")));
        Assert.True(File.Exists(dir.File("metrics.json")));
    }
}
