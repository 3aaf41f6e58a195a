using HessianLab.IO;
using HessianLab.Tests.TestSupport;

namespace HessianLab.Tests.Cli;

/// <summary>Every malformed command line is one line naming the problem and exit 1, before anything runs.</summary>
public sealed class StrictCommandLineTests
{
    private static void AssertOneLineError(string expected, params string[] args)
    {
        var (exit, output) = CliRunner.Run(args);
        Assert.True(exit == 1, output);
        Assert.Equal("error: " + expected, output.Trim());
    }

    [Fact]
    public void A_misspelt_option_is_an_error_suggesting_the_nearest_one() =>
        AssertOneLineError("unknown option --sampels for 'hessian'; did you mean --samples?", "hessian", "--layers", "30,6,20", "--sampels", "50");

    [Theory]
    [InlineData("unknown option --bogus for 'hessian'; see --help", "hessian", "--bogus")]
    [InlineData("unknown option -x for 'hessian'; see --help", "hessian", "-x")]
    [InlineData("unexpected argument 'stray' for 'hessian' (it takes options only)", "hessian", "stray")]
    [InlineData("--samples is given more than once", "hessian", "--samples", "3", "--samples", "4")]
    [InlineData("--bias is a switch and takes no value", "hessian", "--bias=yes")]
    [InlineData("--samples needs a value", "hessian", "--samples")]
    [InlineData("unknown command hesian; did you mean hessian?", "hesian")]
    [InlineData("unknown sub-command hesian of 'bench'; did you mean hessian?", "bench", "hesian")]
    [InlineData("'bench' needs a sub-command: hessian, hvp, view", "bench")]
    [InlineData("unknown option --optimiser for 'train'; did you mean --optimizer?", "train", "--optimiser", "muon")]
    [InlineData("--bins must be between 5 and 10,000, got 2,000,000,000", "rmt", "--d", "20", "--n", "10", "--draws", "5", "--bins", "2000000000")]
    [InlineData("--seeds must be between 1 and 100, got 0", "experiment", "E1", "--seeds", "0")]
    [InlineData("unknown experiment 'E99'; known: E1, E2, E3, E4, E5, E6, E7, E8, E9, E10, E11, E12, E13, E14", "experiment", "E99")]
    [InlineData("--only needs a value, got an empty one", "reproduce", "--only", "")]
    [InlineData("--only lists no experiment; give ids such as E1,E3 (see `hessianlab experiments`)", "reproduce", "--only", ",")]
    [InlineData("--repeats must be ≥ 1, got 0", "bench", "hessian", "--repeats", "0")]
    public void Malformed_command_lines_are_one_line_errors(string expected, params string[] args) => AssertOneLineError(expected, args);

    [Fact]
    public void A_negative_value_is_read_as_a_value_not_an_option() =>
        AssertOneLineError("--lr must be a positive finite number, got -0.001", "hessian", "--lr", "-1e-3");

    [Fact]
    public void A_folder_that_is_not_a_result_is_never_replaced()
    {
        string dir = CliRunner.TempDir();
        try
        {
            File.WriteAllText(Path.Combine(dir, "thesis.tex"), "keep");
            var (exit, output) = CliRunner.Run("hessian", "--layers", "4,3,3", "--samples", "5", "--out", dir);
            Assert.Equal(1, exit);
            Assert.Contains("exists and is not a HessianLab result (no manifest.json); choose a new or empty folder", output);
            Assert.Equal(new[] { "thesis.tex" }, Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("hessian", "--layers", "100000,100000,10")]
    [InlineData("hessian", "--layers", "3000,1,10", "--samples", "2000000")]
    [InlineData("train", "--layers", "100000,100000,10")]
    [InlineData("bench", "hvp", "--model", "gpt", "--samples", "100000")]
    [InlineData("bench", "hessian", "--layers", "20000,20000,10", "--samples", "10")]
    [InlineData("rmt", "--d", "1000000", "--n", "10", "--draws", "5")]
    public void Oversized_inputs_are_refused_with_the_bytes_before_anything_is_created(params string[] args)
    {
        string parent = CliRunner.TempDir();
        string dir = Path.Combine(parent, "out");
        try
        {
            bool bench = args[0] == "bench";
            var (exit, output) = CliRunner.Run(args.Concat(new[] { "--out", bench ? Path.Combine(parent, "b.json") : dir }).ToArray());
            Assert.True(exit == 1, output);
            // Memory (the model, data, graph or draws), or for a Hessian the disk: larger than memory runs in bands.
            Assert.Matches(@"^error: .* needs [\d.E+]+ [KMGT]?B (but only [\d.]+ [KMGT]?B is available \(.*\); use smaller sizes|on disk but '.*' has [\d.]+ [KMGT]?B free; use a larger disk or a smaller network)$", output.Trim());
            Assert.False(Directory.Exists(dir));
            Assert.False(File.Exists(Path.Combine(parent, "b.json")));
        }
        finally { Directory.Delete(parent, true); }
    }

    [Fact]
    public void Unknown_options_of_every_command_are_refused()
    {
        foreach (var args in new[] { new[] { "train" }, new[] { "rmt" }, new[] { "experiment", "E5" }, new[] { "reproduce" },
                     new[] { "experiments" }, new[] { "bench", "hessian" }, new[] { "bench", "hvp" }, new[] { "verify", "." } })
        {
            var (exit, output) = CliRunner.Run(args.Append("--no-such-option").ToArray());
            Assert.True(exit == 1, $"{string.Join(' ', args)}: {output}");
            Assert.StartsWith("error: unknown option --no-such-option", output.Trim());
        }
    }
}

/// <summary>A run that diverges stops with one line naming the stage and step, and leaves the previous result.</summary>
[Collection(TorchCollection.Name)]
public sealed class DivergingRunTests
{
    [Fact]
    public void A_diverging_run_over_a_good_result_writes_nothing()
    {
        string parent = CliRunner.TempDir();
        string dir = Path.Combine(parent, "r");
        try
        {
            var (exit, output) = CliRunner.Run("hessian", "--layers", "30,6,20", "--samples", "50", "--loss", "mse", "--out", dir);
            Assert.True(exit == 0, output);
            string before = Manifest.Read(dir).Finished;

            (exit, output) = CliRunner.Run("hessian", "--layers", "30,6,20", "--samples", "50", "--loss", "mse", "--train-steps", "1", "--lr", "1e200", "--out", dir);
            Assert.Equal(1, exit);
            Assert.Matches(@"^error: training diverged at step 1: loss .* lower the learning rate$", output.Trim());
            Assert.Empty(Manifest.Verify(dir));
            Assert.Equal(before, Manifest.Read(dir).Finished);
            Assert.Empty(Directory.GetDirectories(parent, ".r.*"));
        }
        finally { Directory.Delete(parent, true); }
    }

    [Theory]
    [InlineData("adam-mini")]
    [InlineData("muon")]
    public void Training_that_blows_up_to_finite_huge_losses_is_reported_as_divergence(string optimizer)
    {
        string parent = CliRunner.TempDir();
        try
        {
            var (exit, output) = CliRunner.Run("train", "--optimizer", optimizer, "--layers", "20,8,10", "--samples", "40", "--steps", "30",
                "--lr", "1e6", "--aux-lr", "1e6", "--out", Path.Combine(parent, "t"));
            Assert.Equal(1, exit);
            // The routing table is printed before training starts; the run ends with the one error line.
            Assert.Matches(@"^error: training diverged at step \d+: loss .* lower the learning rate$", output.Trim().Split('\n')[^1]);
            Assert.False(Directory.Exists(Path.Combine(parent, "t")));
        }
        finally { Directory.Delete(parent, true); }
    }
}
