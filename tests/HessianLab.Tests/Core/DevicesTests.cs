using HessianLab.Core;
using HessianLab.Tests.TestSupport;

namespace HessianLab.Tests.Core;

/// <summary>Checking a device name (without libtorch for "cpu") accepts and refuses exactly what parsing it does.</summary>
[Collection(TorchCollection.Name)]
public sealed class DevicesTests
{
    [Theory]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    public void Cpu_is_accepted_and_normalized(string name)
    {
        Assert.Equal("cpu", Devices.Check(name));
        Assert.Equal(TorchSharp.DeviceType.CPU, Devices.Parse(name).type);
    }

    [Theory]
    [InlineData("gpu", "is not a device")]
    [InlineData("cuda", "no CUDA device")]      // this build is TorchSharp-cpu
    [InlineData("cuda:1", "no CUDA device")]
    public void Check_refuses_with_the_same_message_as_parse(string name, string reason)
    {
        var checkedError = Assert.Throws<ArgumentException>(() => Devices.Check(name));
        var parsedError = Assert.Throws<ArgumentException>(() => Devices.Parse(name));
        Assert.Contains(reason, checkedError.Message);
        Assert.Equal(parsedError.Message, checkedError.Message);
    }
}
