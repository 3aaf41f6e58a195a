using System.Globalization;

namespace HessianLab.Models;

/// <summary>Architecture of a fully connected network f = W_L σ(… σ(W_1 x)).</summary>
/// <param name="Widths">d_0 (input), d_1 … d_{L-1} (hidden), d_L = C (outputs). At least two.</param>
/// <param name="Activation">σ of the hidden layers (none after the last layer).</param>
/// <param name="Bias">Whether each layer has a bias (stored as an extra column of W_l in θ).</param>
/// <param name="Init">Weight initialization.</param>
public sealed record MlpSpec(IReadOnlyList<int> Widths, Activation Activation = Activation.Relu,
    bool Bias = false, InitScheme Init = InitScheme.Lecun)
{
    /// <summary>Number of weight layers L.</summary>
    public int Depth => Widths.Count - 1;

    /// <summary>Input dimension d = d_0.</summary>
    public int InputDim => Widths[0];

    /// <summary>Number of outputs (classes) C = d_L.</summary>
    public int OutputDim => Widths[^1];

    /// <summary>Checks the widths and returns this spec.</summary>
    /// <exception cref="ArgumentException">Fewer than two widths or a width ≤ 0.</exception>
    public MlpSpec Validated()
    {
        if (Widths.Count < 2)
            throw new ArgumentException($"widths need at least an input and an output width (e.g. 500,8,500), got {Widths.Count} number(s)", nameof(Widths));
        for (int i = 0; i < Widths.Count; i++)
            if (Widths[i] <= 0)
                throw new ArgumentException($"widths: width #{i + 1} is {Widths[i]}; every width must be a positive integer", nameof(Widths));
        return this;
    }

    /// <summary>Parses "500,8,500" into widths.</summary>
    /// <exception cref="ArgumentException">Malformed text, naming the bad item.</exception>
    public static int[] ParseWidths(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new ArgumentException("the widths text is empty; give comma-separated widths such as 500,8,500", nameof(text));
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var widths = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out widths[i]))
                throw new ArgumentException($"widths '{text}': '{parts[i]}' is not an integer width", nameof(text));
        return widths;
    }

    /// <summary>Widths written as "d0,d1,…".</summary>
    public string WidthsText => string.Join(",", Widths);
}
