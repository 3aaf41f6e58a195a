namespace HessianLab.IO;

/// <summary>How an <see cref="Models.Mlp"/>'s parameters are named in a state_dict file.</summary>
public enum MlpKeyStyle
{
    /// <summary>PyTorch's <c>nn.Sequential(nn.Linear, act, nn.Linear, …)</c>: "0.weight", "0.bias", "2.weight", ….</summary>
    Sequential,

    /// <summary>The library's own names: "W1", "b1", "W2", ….</summary>
    Native,
}
