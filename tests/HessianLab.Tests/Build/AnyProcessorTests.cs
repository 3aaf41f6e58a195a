using System.Reflection.PortableExecutable;

namespace HessianLab.Tests.Build;

/// <summary>The libraries are IL for any processor: a consumer on osx-arm64 (TorchSharp-cpu ships its LibTorch) loads
/// them, and the per-runtime tool packages compile them ReadyToRun for arm64 as well as x64. An assembly built with
/// PlatformTarget x64 carries machine AMD64 in its PE header and cannot load in an arm64 process.</summary>
public sealed class AnyProcessorTests
{
    public static TheoryData<string> LibraryAssemblies() => new()
    {
        "HessianLab.dll", "HessianLab.Plots.dll", "HessianLab.Transformers.dll", "HessianLab.Experiments.dll", "HessianLab.Viewer.dll",
    };

    [Theory]
    [MemberData(nameof(LibraryAssemblies))]
    public void The_library_is_IL_only_for_any_processor(string file)
    {
        // The test host's copies are the libraries' own IL builds (only the command line's output is ReadyToRun).
        string path = Path.Combine(AppContext.BaseDirectory, file);
        using var pe = new PEReader(File.OpenRead(path));
        var headers = pe.PEHeaders;
        Assert.Equal(Machine.I386, headers.CoffHeader.Machine);   // what "AnyCPU" writes; AMD64 would pin x64
        Assert.True(headers.CorHeader!.Flags.HasFlag(CorFlags.ILOnly), $"{file} is not IL-only");
        Assert.False(headers.CorHeader.Flags.HasFlag(CorFlags.Requires32Bit), $"{file} requires a 32-bit process");
    }
}
