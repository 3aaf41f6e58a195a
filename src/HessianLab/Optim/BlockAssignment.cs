using TorchSharp.Modules;

namespace HessianLab.Optim;

/// <summary>One parameter with its name and its Adam-mini block rule.</summary>
/// <param name="Name">Name for tables (e.g. "W1").</param>
/// <param name="Parameter">The tensor.</param>
/// <param name="Rule">How it is cut into blocks.</param>
public sealed record BlockAssignment(string Name, Parameter Parameter, BlockRule Rule)
{
    /// <summary>Number of blocks of this parameter.</summary>
    public long BlockCount => Rule.BlockCount(Parameter.shape);
}
