using System.IO;
using TorchSharp;
using TorchSharp.Modules;

namespace HessianLab.Optim;

public sealed partial class Muon
{
    /// <summary>Hyperparameters of a Muon parameter group (null: take the optimizer's default).</summary>
    public sealed class Options : OptimizerOptions
    {
        /// <summary>Momentum β.</summary>
        public double? Momentum { get; set; }
        /// <summary>Nesterov momentum.</summary>
        public bool? Nesterov { get; set; }
        /// <summary>Decoupled weight decay.</summary>
        public double? WeightDecay { get; set; }
        /// <summary>Newton–Schulz variant.</summary>
        public NewtonSchulzKind? NewtonSchulz { get; set; }
        /// <summary>Update-scale convention.</summary>
        public MuonScale? Scale { get; set; }

        internal void Validate()
        {
            if (LearningRate is { } lr) OptimGuard.NonNegative(lr, "learning rate");
            if (Momentum is { } m) OptimGuard.Beta(m, "momentum");
            if (WeightDecay is { } wd) OptimGuard.NonNegative(wd, "weight_decay");
        }

        /// <inheritdoc />
        public override void SaveStateDict(BinaryWriter writer)
        {
            base.SaveStateDict(writer);
            writer.Write(Momentum!.Value); writer.Write(Nesterov!.Value); writer.Write(WeightDecay!.Value);
            writer.Write((int)NewtonSchulz!.Value); writer.Write((int)Scale!.Value);
        }

        /// <inheritdoc />
        public override void LoadStateDict(BinaryReader reader)
        {
            base.LoadStateDict(reader);
            Momentum = reader.ReadDouble(); Nesterov = reader.ReadBoolean(); WeightDecay = reader.ReadDouble();
            NewtonSchulz = (NewtonSchulzKind)reader.ReadInt32(); Scale = (MuonScale)reader.ReadInt32();
        }

        /// <inheritdoc />
        public override void LoadStateDict(OptimizerOptions source)
        {
            base.LoadStateDict(source);
            var s = (Options)source;
            Momentum = s.Momentum; Nesterov = s.Nesterov; WeightDecay = s.WeightDecay; NewtonSchulz = s.NewtonSchulz; Scale = s.Scale;
        }
    }

    /// <summary>A Muon parameter group.</summary>
    public sealed class ParamGroup : ParamGroup<Options>
    {
        /// <summary>Empty group (set Parameters and Options).</summary>
        public ParamGroup() { }

        /// <summary>A group with its own options (null entries take the optimizer's defaults).</summary>
        public ParamGroup(IEnumerable<Parameter> parameters, Options? options = null) : base(parameters, options!) { }
    }
}
