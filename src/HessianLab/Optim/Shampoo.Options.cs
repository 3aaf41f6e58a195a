using System.IO;
using TorchSharp;
using TorchSharp.Modules;

namespace HessianLab.Optim;

public sealed partial class Shampoo
{
    /// <summary>Hyperparameters of a Shampoo parameter group (null: take the optimizer's default).</summary>
    public sealed class Options : OptimizerOptions
    {
        /// <summary>ε of the statistics' initialization ε I (and of the diagonal fallback).</summary>
        public double? Eps { get; set; }
        /// <summary>Recompute the inverse roots every this many steps (1: every step).</summary>
        public int? UpdateInterval { get; set; }
        /// <summary>Momentum β of the direction (0: none).</summary>
        public double? Momentum { get; set; }
        /// <summary>Decoupled weight decay.</summary>
        public double? WeightDecay { get; set; }

        internal void Validate()
        {
            if (LearningRate is { } lr) OptimGuard.NonNegative(lr, "learning rate");
            if (Eps is { } e) OptimGuard.Positive(e, "eps");
            if (UpdateInterval is { } k && k < 1) throw new ArgumentException($"Invalid update interval: {k} (must be ≥ 1)", "updateInterval");
            if (Momentum is { } m) OptimGuard.Beta(m, "momentum");
            if (WeightDecay is { } wd) OptimGuard.NonNegative(wd, "weight_decay");
        }

        /// <inheritdoc />
        public override void SaveStateDict(BinaryWriter writer)
        {
            base.SaveStateDict(writer);
            writer.Write(Eps!.Value); writer.Write(UpdateInterval!.Value); writer.Write(Momentum!.Value); writer.Write(WeightDecay!.Value);
        }

        /// <inheritdoc />
        public override void LoadStateDict(BinaryReader reader)
        {
            base.LoadStateDict(reader);
            Eps = reader.ReadDouble(); UpdateInterval = reader.ReadInt32(); Momentum = reader.ReadDouble(); WeightDecay = reader.ReadDouble();
        }

        /// <inheritdoc />
        public override void LoadStateDict(OptimizerOptions source)
        {
            base.LoadStateDict(source);
            var s = (Options)source;
            Eps = s.Eps; UpdateInterval = s.UpdateInterval; Momentum = s.Momentum; WeightDecay = s.WeightDecay;
        }
    }

    /// <summary>A Shampoo parameter group.</summary>
    public sealed class ParamGroup : ParamGroup<Options>
    {
        /// <summary>Empty group (set Parameters and Options).</summary>
        public ParamGroup() { }

        /// <summary>A group with its own options (null entries take the optimizer's defaults).</summary>
        public ParamGroup(IEnumerable<Parameter> parameters, Options? options = null) : base(parameters, options!) { }
    }
}
