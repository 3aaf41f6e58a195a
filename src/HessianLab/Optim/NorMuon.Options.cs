using System.IO;
using TorchSharp;
using TorchSharp.Modules;

namespace HessianLab.Optim;

public sealed partial class NorMuon
{
    /// <summary>Hyperparameters of a NorMuon parameter group (null: take the optimizer's default).</summary>
    public sealed class Options : OptimizerOptions
    {
        /// <summary>Momentum β₁.</summary>
        public double? Momentum { get; set; }
        /// <summary>Second-moment decay β₂ of the per-row statistic.</summary>
        public double? Beta2 { get; set; }
        /// <summary>ε added to √v.</summary>
        public double? Eps { get; set; }
        /// <summary>Nesterov momentum.</summary>
        public bool? Nesterov { get; set; }
        /// <summary>Decoupled weight decay.</summary>
        public double? WeightDecay { get; set; }
        /// <summary>Step-size rule (code or paper).</summary>
        public NorMuonStepRule? StepRule { get; set; }
        /// <summary>Newton–Schulz variant.</summary>
        public NewtonSchulzKind? NewtonSchulz { get; set; }
        /// <summary>Update-scale convention (code rule only).</summary>
        public MuonScale? Scale { get; set; }

        internal void Validate()
        {
            if (LearningRate is { } lr) OptimGuard.NonNegative(lr, "learning rate");
            if (Momentum is { } m) OptimGuard.Beta(m, "momentum");
            if (Beta2 is { } b2) OptimGuard.Beta(b2, "beta2");
            if (Eps is { } e) OptimGuard.NonNegative(e, "eps");
            if (WeightDecay is { } wd) OptimGuard.NonNegative(wd, "weight_decay");
        }

        /// <inheritdoc />
        public override void SaveStateDict(BinaryWriter writer)
        {
            base.SaveStateDict(writer);
            writer.Write(Momentum!.Value); writer.Write(Beta2!.Value); writer.Write(Eps!.Value); writer.Write(Nesterov!.Value);
            writer.Write(WeightDecay!.Value); writer.Write((int)StepRule!.Value); writer.Write((int)NewtonSchulz!.Value); writer.Write((int)Scale!.Value);
        }

        /// <inheritdoc />
        public override void LoadStateDict(BinaryReader reader)
        {
            base.LoadStateDict(reader);
            Momentum = reader.ReadDouble(); Beta2 = reader.ReadDouble(); Eps = reader.ReadDouble(); Nesterov = reader.ReadBoolean();
            WeightDecay = reader.ReadDouble(); StepRule = (NorMuonStepRule)reader.ReadInt32();
            NewtonSchulz = (NewtonSchulzKind)reader.ReadInt32(); Scale = (MuonScale)reader.ReadInt32();
        }

        /// <inheritdoc />
        public override void LoadStateDict(OptimizerOptions source)
        {
            base.LoadStateDict(source);
            var s = (Options)source;
            Momentum = s.Momentum; Beta2 = s.Beta2; Eps = s.Eps; Nesterov = s.Nesterov; WeightDecay = s.WeightDecay;
            StepRule = s.StepRule; NewtonSchulz = s.NewtonSchulz; Scale = s.Scale;
        }
    }

    /// <summary>A NorMuon parameter group.</summary>
    public sealed class ParamGroup : ParamGroup<Options>
    {
        /// <summary>Empty group (set Parameters and Options).</summary>
        public ParamGroup() { }

        /// <summary>A group with its own options (null entries take the optimizer's defaults).</summary>
        public ParamGroup(IEnumerable<Parameter> parameters, Options? options = null) : base(parameters, options!) { }
    }
}
