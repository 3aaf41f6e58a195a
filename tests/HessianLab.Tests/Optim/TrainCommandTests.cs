using HessianLab.Cli;
using HessianLab.Tests.TestSupport;
using Spectre.Console.Testing;

namespace HessianLab.Tests.Optim;

[Collection(TorchCollection.Name)]
public sealed class TrainCommandTests
{
    [Theory]
    [InlineData("adam-mini")]
    [InlineData("muon")]
    [InlineData("shampoo")]
    public void Train_prints_the_routing_and_loss_tables_and_writes_the_curve(string optimizer)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"train-{Guid.NewGuid():N}");
        try
        {
            var console = new TestConsole();
            console.Profile.Width = 200;
            int code = CliApp.Run(new[] { "train", "--optimizer", optimizer, "--layers", "6,5,4", "--samples", "30", "--steps", "12",
                "--data", "clusters", "--out", dir }, console);
            Assert.True(code == 0, console.Output);
            Assert.Contains("W1", console.Output);
            Assert.Contains(optimizer switch { "muon" => "aux AdamW", "shampoo" => "Kronecker factors L, R", _ => "rows (5)" }, console.Output);
            var csv = File.ReadAllLines(Path.Combine(dir, "train_losses.csv"));
            Assert.Equal(14, csv.Length);
            double first = double.Parse(csv[1].Split(',')[2], System.Globalization.CultureInfo.InvariantCulture);
            double last = double.Parse(csv[^1].Split(',')[2], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(last < first, $"{first} → {last}");
            Assert.True(new FileInfo(Path.Combine(dir, "train_loss.png")).Length > 1000);
            Assert.Contains("\"optimizer\"", File.ReadAllText(Path.Combine(dir, "train_run.json")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("--optimizer", "sgd", "--optimizer: 'sgd' is unknown; use adamw, adam-mini, muon, normuon, shampoo")]
    [InlineData("--normuon-rule", "magic", "--normuon-rule: 'magic' is unknown")]
    [InlineData("--lr", "-1", "--lr must be a positive finite number, got -1")]
    [InlineData("--lr", "-Infinity", "--lr must be a positive finite number, got -Infinity")]
    [InlineData("--aux-lr", "NaN", "--aux-lr must be a positive finite number, got NaN")]
    public void Bad_options_give_a_one_line_error_and_exit_code_1(string option, string value, string message)
    {
        var console = new TestConsole();
        console.Profile.Width = 100_000;
        var args = new List<string> { "train", "--layers", "4,3,2", "--samples", "5", "--steps", "1", "--out", Path.GetTempPath() };
        if (option != "--optimizer") args.AddRange(new[] { "--optimizer", "normuon" });
        args.AddRange(new[] { option, value });
        Assert.Equal(1, CliApp.Run(args.ToArray(), console));
        Assert.Contains(message, console.Output);
        Assert.Single(console.Output.Trim().Split('\n'));
    }
}

public sealed class OptimizerNameParsingTests
{
    [Theory]
    [InlineData("AdamW", "adamw")]
    [InlineData("adam-mini", "AdamMini")]
    [InlineData("NORMUON", "NorMuon")]
    [InlineData("Shampoo", "Shampoo")]
    public void Optimizer_names_parse_case_insensitively(string text, string expected) =>
        Assert.Equal(expected.ToLowerInvariant(), HessianLab.Cli.Parsing.OptionValues.ParseEnum<HessianLab.Optim.OptimizerKind>(text).ToString().ToLowerInvariant());

    [Theory]
    [InlineData("ShapeRatio", "shape-ratio")]
    [InlineData("MatchAdamWRms", "match-adamw-rms")]
    [InlineData("FanRatio", "fan-ratio")]
    public void Enum_values_are_spelled_in_kebab_case_and_parse_back(string name, string kebab)
    {
        Assert.Equal(kebab, HessianLab.Cli.Parsing.OptionValues.Kebab(name));
        Assert.Equal(name, HessianLab.Cli.Parsing.OptionValues.ParseEnum<HessianLab.Optim.MuonScale>(kebab).ToString());
    }
}
