using HessianLab.Core;

namespace HessianLab.Tests.Core;

public sealed class ProcessMemoryTests
{
    [Theory]
    [InlineData("VmHWM:\t    2016 kB", 2016L * 1024)]
    [InlineData("VmHWM:\t 6713396 kB", 6713396L * 1024)]
    [InlineData("VmHWM:\t12345678 kB", 12345678L * 1024)]   // ≥ 8 digits: no space after the tab (crashed bench hvp at 9.5 GB)
    public void Status_lines_parse_whatever_the_padding(string line, long bytes) => Assert.Equal(bytes, ProcessMemory.KilobyteLineBytes(line));

    [Fact]
    public void The_peak_is_at_least_the_current_working_set()
    {
        long? peak = ProcessMemory.PeakResidentBytes();
        if (OperatingSystem.IsLinux()) Assert.True(peak >= Environment.WorkingSet / 2, $"peak {peak} vs working set {Environment.WorkingSet}");
    }
}
