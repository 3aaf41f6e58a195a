using HessianLab.Benchmarks;

namespace HessianLab.Tests.Benchmarks;

/// <summary>A fact that needs python3 (on PATH or /usr/bin) with torch and numpy (the PyTorch reference of the whole-process benchmark);
/// skipped, with the reason and the install command, where they are absent (CI does not install torch).</summary>
public sealed class TorchFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Reason = new(() => PyTorchReference.Find().Reason);

    /// <summary>Whether python3 imports torch and numpy.</summary>
    public static bool Available => Reason.Value is null;

    public TorchFactAttribute()
    {
        if (!Available)
            Skip = $"needs python3 (on PATH or /usr/bin) with torch and numpy: {Reason.Value}";
    }
}
