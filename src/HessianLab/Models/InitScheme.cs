namespace HessianLab.Models;

/// <summary>How MLP weights are drawn.</summary>
public enum InitScheme
{
    /// <summary>LeCun normal, the talk's Assumption 2: W ~ N(0, 1/fan_in); biases 0.</summary>
    Lecun,
    /// <summary>PyTorch's nn.Linear default: W, b ~ U(-1/√fan_in, 1/√fan_in).</summary>
    Torch,
}
