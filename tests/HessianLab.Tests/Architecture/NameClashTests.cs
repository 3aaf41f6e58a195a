using System.Reflection;

namespace HessianLab.Tests.Architecture;

/// <summary>A user's file imports <c>TorchSharp</c>, <c>TorchSharp.Modules</c> and HessianLab's namespaces together
/// (the examples do); a public HessianLab type with the same simple name as a public TorchSharp type would make every
/// such use ambiguous (CS0104), as <c>HessianLab.Optim.AdamW</c> next to <c>TorchSharp.Modules.AdamW</c> once did.</summary>
public sealed class NameClashTests
{
    [Fact]
    public void No_public_type_of_the_library_packages_shares_a_name_with_a_public_TorchSharp_type()
    {
        var torchNames = typeof(TorchSharp.torch).Assembly.GetExportedTypes()
            .Where(t => t.Namespace is "TorchSharp" or "TorchSharp.Modules" && !t.IsNested)
            .Select(t => SimpleName(t)).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("AdamW", torchNames);   // the probe sees the clash it exists to catch

        var libraries = new[]
        {
            typeof(HessianLab.Optim.AdamWOptimizer).Assembly,
            typeof(HessianLab.Plots.BlockMapPlot).Assembly,
            typeof(HessianLab.Models.Gpt.Gpt).Assembly,
        };
        var clashes = libraries.SelectMany(a => a.GetExportedTypes()).Where(t => !t.IsNested)
            .Where(t => torchNames.Contains(SimpleName(t))).Select(t => t.FullName).ToList();
        Assert.True(clashes.Count == 0, "public types named like TorchSharp types: " + string.Join(", ", clashes));
    }

    /// <summary>The name with its generic arity (<c>Loss`3</c>): C# tells <c>Loss</c> and <c>Loss&lt;,,&gt;</c> apart.</summary>
    private static string SimpleName(Type t) => t.Name;
}
