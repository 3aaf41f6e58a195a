using System.IO;
using TorchSharp.Modules;

namespace HessianLab.Optim;

/// <summary>Hyperparameters of an <see cref="AdamW"/> or <see cref="AdamMini"/> parameter group (null: the optimizer's default).</summary>
public sealed class AdamOptions : OptimizerOptions
{
    /// <summary>β₁ (first moment).</summary>
    public double? Beta1 { get; set; }
    /// <summary>β₂ (second moment).</summary>
    public double? Beta2 { get; set; }
    /// <summary>ε added to the root second moment.</summary>
    public double? Eps { get; set; }
    /// <summary>Decoupled weight decay.</summary>
    public double? WeightDecay { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid value.</summary>
    public void Validate()
    {
        if (LearningRate is { } lr) OptimGuard.NonNegative(lr, "learning rate");
        if (Beta1 is { } b1) OptimGuard.Beta(b1, "beta1");
        if (Beta2 is { } b2) OptimGuard.Beta(b2, "beta2");
        if (Eps is { } e) OptimGuard.NonNegative(e, "eps");
        if (WeightDecay is { } wd) OptimGuard.NonNegative(wd, "weight_decay");
    }

    internal void FillFrom(AdamOptions def)
    {
        LearningRate ??= def.LearningRate;
        Beta1 ??= def.Beta1;
        Beta2 ??= def.Beta2;
        Eps ??= def.Eps;
        WeightDecay ??= def.WeightDecay;
        InitialLearningRate = LearningRate!.Value;
        Validate();
    }

    /// <inheritdoc />
    public override void SaveStateDict(BinaryWriter writer)
    {
        base.SaveStateDict(writer);
        writer.Write(Beta1!.Value); writer.Write(Beta2!.Value); writer.Write(Eps!.Value); writer.Write(WeightDecay!.Value);
    }

    /// <inheritdoc />
    public override void LoadStateDict(BinaryReader reader)
    {
        base.LoadStateDict(reader);
        Beta1 = reader.ReadDouble(); Beta2 = reader.ReadDouble(); Eps = reader.ReadDouble(); WeightDecay = reader.ReadDouble();
    }

    /// <inheritdoc />
    public override void LoadStateDict(OptimizerOptions source)
    {
        base.LoadStateDict(source);
        var s = (AdamOptions)source;
        Beta1 = s.Beta1; Beta2 = s.Beta2; Eps = s.Eps; WeightDecay = s.WeightDecay;
    }
}
