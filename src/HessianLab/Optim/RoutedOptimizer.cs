using System.IO;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HessianLab.Optim;

/// <summary>A matrix optimizer (Muon/NorMuon) and its auxiliary AdamW stepped together as one torch optimizer.</summary>
/// <remarks>
/// <see cref="ParamGroups"/> exposes one learning-rate controller, the matrix optimizer's rate: setting it to r scales
/// every group of both optimizers by r / (matrix initial rate), so a schedule (cosine, linear decay) applied to the
/// matrix rate moves the auxiliary AdamW's rate proportionally and keeps its base value (3e-4 by default).
/// State: <see cref="SaveState(BinaryWriter)"/> writes both optimizers' TorchSharp state dicts in order.
/// </remarks>
public sealed partial class RoutedOptimizer : optim.Optimizer
{
    private readonly OptimizerHelper _matrix;
    private readonly AdamWOptimizer? _aux;
    private readonly Controller _controller;

    /// <summary>Combines the two (either may be empty of parameters; the aux may be null).</summary>
    public RoutedOptimizer(OptimizerHelper matrix, AdamWOptimizer? aux, IReadOnlyList<RouteEntry> routes, string label) : base(IntPtr.Zero)
    {
        _matrix = matrix;
        _aux = aux;
        Routes = routes;
        Label = label;
        _controller = new Controller(this, matrix.ParamGroups.First().InitialLearningRate);
    }

    /// <summary>The routing table in use.</summary>
    public IReadOnlyList<RouteEntry> Routes { get; }

    /// <summary>e.g. "NorMuon (code rule…) + aux AdamW lr 0.0003…".</summary>
    public string Label { get; }

    /// <summary>The matrix optimizer.</summary>
    public OptimizerHelper Matrix => _matrix;

    /// <summary>The auxiliary AdamW (null when nothing is routed to it).</summary>
    public AdamWOptimizer? Auxiliary => _aux;

    /// <inheritdoc />
    public override Tensor step(Func<Tensor>? closure = null)
    {
        Tensor? loss = null;
        if (closure is not null) using (torch.enable_grad()) loss = closure();
        _matrix.step();
        _aux?.step();
        return loss!;
    }

    /// <inheritdoc />
    public override void zero_grad()
    {
        _matrix.zero_grad();
        _aux?.zero_grad();
    }

    /// <inheritdoc />
    public override IEnumerable<Parameter> parameters() => _matrix.parameters().Concat(_aux?.parameters() ?? Enumerable.Empty<Parameter>());

    /// <inheritdoc />
    public override IEnumerable<optim.ILearningRateController> ParamGroups => new[] { _controller };

    /// <summary>Writes both optimizers' state (options and buffers).</summary>
    public void SaveState(BinaryWriter writer)
    {
        _matrix.save_state_dict(writer);
        writer.Write(_aux is not null);
        _aux?.save_state_dict(writer);
    }

    /// <summary>Reads what <see cref="SaveState(BinaryWriter)"/> wrote into an optimizer built the same way.</summary>
    /// <exception cref="InvalidDataException">The stream was written by a differently routed optimizer.</exception>
    public void LoadState(BinaryReader reader)
    {
        _matrix.load_state_dict(reader);
        bool hasAux = reader.ReadBoolean();
        if (hasAux != (_aux is not null)) throw new InvalidDataException("saved optimizer state has a different auxiliary AdamW routing");
        _aux?.load_state_dict(reader);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) { _matrix.Dispose(); _aux?.Dispose(); }
    }

    private sealed class Controller(RoutedOptimizer owner, double initial) : optim.ILearningRateController
    {
        public double InitialLearningRate { get; set; } = initial;

        public double LearningRate
        {
            get => owner._matrix.ParamGroups.First().LearningRate;
            set
            {
                double factor = InitialLearningRate > 0 ? value / InitialLearningRate : 0;
                foreach (var g in owner._matrix.ParamGroups) g.LearningRate = g.InitialLearningRate * factor;
                if (owner._aux is not null)
                    foreach (var g in owner._aux.ParamGroups) g.LearningRate = g.InitialLearningRate * factor;
            }
        }
    }
}
