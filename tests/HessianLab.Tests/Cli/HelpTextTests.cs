namespace HessianLab.Tests.Cli;

/// <summary>Every command's --help renders: option descriptions are Spectre markup, so an unescaped "[...]" in one
/// of them turns the help page into an internal error.</summary>
public sealed class HelpTextTests
{
    /// <summary>Command names listed under COMMANDS: in a help page (first word of each entry line).</summary>
    private static IEnumerable<string> Commands(string help) =>
        help.Split('\n').SkipWhile(line => !line.StartsWith("COMMANDS:")).Skip(1)
            .Where(line => line.Length > 4 && line.StartsWith("    ") && line[4] != ' ')
            .Select(line => line.Trim().Split(' ')[0]);

    [Fact]
    public void The_help_page_of_every_command_and_subcommand_renders()
    {
        var (rootExit, root) = CliRunner.Run("--help");
        Assert.Equal(0, rootExit);
        var pages = new List<string[]>();
        foreach (var command in Commands(root))
        {
            pages.Add(new[] { command, "--help" });
            var (_, branch) = CliRunner.Run(command, "--help");
            pages.AddRange(Commands(branch).Select(sub => new[] { command, sub, "--help" }));
        }
        Assert.Contains(pages, p => p[0] == "hessian");
        Assert.Contains(pages, p => p.Length == 3 && p[0] == "bench" && p[1] == "hessian");
        foreach (var args in pages)
        {
            var (exit, output) = CliRunner.Run(args);
            Assert.True(exit == 0 && output.Contains("USAGE:") && !output.Contains("internal error"), $"{string.Join(' ', args)}: {output}");
        }
    }
}
