using HessianLab.Core;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Core;

[Collection(TorchCollection.Name)]
public sealed class TensorMemoryTests
{
    /// <summary>A band of rows (a view with a storage offset) and a strided view start where their element 0 is.</summary>
    [Fact]
    public void The_address_of_a_view_is_that_of_its_first_element()
    {
        using var scope = NewDisposeScope();
        var m = arange(60, ScalarType.Float64).reshape(6, 10);
        long start = TensorMemory.FirstElementAddress(m);
        Assert.Equal(start + 3 * 10 * sizeof(double), TensorMemory.FirstElementAddress(m.narrow(0, 3, 2)));
        Assert.Equal(start + (2 * 10 + 4) * sizeof(double), TensorMemory.FirstElementAddress(m.t().narrow(0, 4, 3).narrow(1, 2, 2)));
        Assert.Equal(34.0, BitConverter.Int64BitsToDouble(System.Runtime.InteropServices.Marshal.ReadInt64((nint)TensorMemory.FirstElementAddress(m.narrow(0, 3, 2).narrow(1, 4, 1)))));
    }
}
