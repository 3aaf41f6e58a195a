using System.Text.RegularExpressions;

namespace HessianLab.Tests.Architecture;

/// <summary>The library's dependency rules, checked on the source as ScottPlot checks its own (ForbiddenCodeTests):
/// the numerical core never reaches up into experiments, jobs, benchmarks, pictures or the command line, so it
/// can be used (and packaged) without them.</summary>
public sealed class LayeringTests
{
    private static readonly string Src = Path.Combine(RepositoryRoot(), "src");

    /// <summary>The .cs files of a concept folder wherever its projects keep it (src/HessianLab/Models and
    /// src/HessianLab.Transformers/Models, src/HessianLab.Plots/Plots, …).</summary>
    private static IEnumerable<string> FilesOf(string name)
    {
        var dirs = Directory.GetDirectories(Src).Select(p => Path.Combine(p, name)).Where(Directory.Exists).ToList();
        Assert.True(dirs.Count > 0, $"no folder {name} under src/*");
        return dirs.SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal));
    }

    /// <summary>Folders of the numerical core and what each may not reference.</summary>
    public static TheoryData<string, string> Rules() => new()
    {
        { "Core", "Experiments|Runs|Benchmarks|Cli|Plots|Curvature|Optim|ScottPlot" },
        { "IO", "Experiments|Runs|Benchmarks|Cli|Plots|ScottPlot" },
        { "Models", "Experiments|Runs|Benchmarks|Cli|Plots|ScottPlot" },
        { "Data", "Experiments|Runs|Benchmarks|Cli|Plots|ScottPlot" },
        { "Losses", "Experiments|Runs|Benchmarks|Cli|Plots|ScottPlot" },
        { "Curvature", "Experiments|Runs|Benchmarks|Cli|Plots|ScottPlot" },
        { "Structure", "Experiments|Runs|Benchmarks|Cli|Plots|ScottPlot" },
        { "Spectra", "Experiments|Runs|Benchmarks|Cli|Plots|ScottPlot" },
        { "Theory", "Experiments|Runs|Benchmarks|Cli|Plots|ScottPlot" },
        { "Optim", "Experiments|Runs|Benchmarks|Cli|Plots|ScottPlot" },
        { "Training", "Experiments|Runs|Benchmarks|Cli|Plots|ScottPlot" },
        { "Plots", "Experiments|Runs|Benchmarks|Cli" },
        { "Experiments", "Runs|Benchmarks|Cli" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_core_folder_does_not_reference_the_layers_above_it(string folder, string forbidden)
    {
        // `using HessianLab.X`, `HessianLab.X.Type`, and the namespace-relative `X.Type` that C# allows inside HessianLab.*.
        var pattern = new Regex($@"(using\s+(static\s+)?(HessianLab\.)?({forbidden})\b)|(\bHessianLab\.({forbidden})\.)|((?<![\w.])({forbidden})\.[A-Z])");
        var offences = new List<string>();
        foreach (var file in FilesOf(folder))
        {
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                string code = StripComment(lines[i]);
                if (pattern.IsMatch(code)) offences.Add($"{Path.GetRelativePath(Src, file)}:{i + 1}: {lines[i].Trim()}");
            }
        }
        Assert.True(offences.Count == 0, $"{folder}/ reaches up into {forbidden}:\n" + string.Join("\n", offences));
    }

    [Fact]
    public void The_library_does_not_use_the_console_library_of_the_command_line()
    {
        var offences = Directory.GetDirectories(Src).Where(p => !p.EndsWith("HessianLab.Cli", StringComparison.Ordinal))
            .SelectMany(p => Directory.EnumerateFiles(p, "*.cs", SearchOption.AllDirectories))
            .Where(f => File.ReadAllLines(f).Any(l => StripComment(l).Contains("Spectre.", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(Src, f)).ToList();
        Assert.Empty(offences);
    }

    [Fact]
    public void Library_exceptions_name_parameters_not_command_line_flags()
    {
        // A message such as "--samples must be positive" is the command line's wording; the library is called from
        // code, where it must say "samples must be positive" (the CLI validates and names its own options first).
        var flag = new Regex(@"throw new \w*Exception\(\$?""[^""]*--[a-z]");
        var offences = new[] { "Core", "IO", "Models", "Data", "Losses", "Curvature", "Structure", "Spectra", "Theory", "Optim", "Training", "Benchmarks" }
            .SelectMany(FilesOf)
            .SelectMany(f => File.ReadAllLines(f).Select((l, i) => (f, i, l)))
            .Where(x => flag.IsMatch(x.l))
            .Select(x => $"{Path.GetRelativePath(Src, x.f)}:{x.i + 1}: {x.l.Trim()}").ToList();
        Assert.True(offences.Count == 0, string.Join("\n", offences));
        Assert.Matches(flag, "throw new ArgumentException($\"--samples must be positive\");");
    }

    [Fact]
    public void The_rules_see_a_violation_when_there_is_one()
    {
        // The pattern must catch each way C# can name a forbidden namespace (a rule that matches nothing passes vacuously).
        var pattern = new Regex(@"(using\s+(static\s+)?(HessianLab\.)?(Experiments)\b)|(\bHessianLab\.(Experiments)\.)|((?<![\w.])(Experiments)\.[A-Z])");
        Assert.Matches(pattern, "using HessianLab.Experiments;");
        Assert.Matches(pattern, "var j = Experiments.ExperimentContext.Json;");
        Assert.Matches(pattern, "x = HessianLab.Experiments.Foo.Bar;");
        Assert.DoesNotMatch(pattern, "var e = new MyExperiments.Thing();");
    }

    private static string StripComment(string line)
    {
        int c = line.IndexOf("//", StringComparison.Ordinal);
        return c >= 0 ? line[..c] : line;
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "HessianLab.slnx"))) return d.FullName;
        throw new DirectoryNotFoundException("the repository root (HessianLab.slnx) is not above the test output");
    }
}
