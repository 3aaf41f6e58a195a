using System.Text.Json;

namespace HessianLab.Tests.Build;

/// <summary>The command line's runtime settings are measured choices (docs/performance.md): no instrumented tier, and
/// tier-1 call counting only after 10 s without new compilation, so a command of seconds spends its CPU on libtorch, not
/// on rejitting. The test host carries the command line's runtimeconfig.json beside its own.</summary>
public sealed class CommandLineRuntimeConfigTests
{
    [Fact]
    public void The_command_line_runs_without_the_instrumented_tier_and_with_delayed_call_counting()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "HessianLab.Cli.runtimeconfig.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var properties = json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.Equal(10_000, properties.GetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs").GetInt32());
        Assert.False(properties.TryGetProperty("System.Runtime.TieredCompilation", out _), "tiering itself stays on (quick start-up)");
    }
}
