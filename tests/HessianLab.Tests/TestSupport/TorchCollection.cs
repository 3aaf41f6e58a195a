namespace HessianLab.Tests.TestSupport;

/// <summary>libtorch has global state (threads, default dtype, RNG): TorchSharp tests run in one sequential collection.</summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection
{
    public const string Name = "torch";
}
