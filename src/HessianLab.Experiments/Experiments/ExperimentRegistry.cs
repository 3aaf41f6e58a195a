namespace HessianLab.Experiments;

/// <summary>All experiments by id (one line per experiment).</summary>
public static class ExperimentRegistry
{
    /// <summary>Every registered experiment, in talk order.</summary>
    public static IReadOnlyList<IExperiment> All { get; } = new List<IExperiment>
    {
        // Experiments register here, one line each, in id order.
        new Hessians.E1InitExperiment(),
        new Hessians.E2TrainingExperiment(),
        new Hessians.E3ClassesExperiment(),
        new Hessians.E4LinearExperiment(),
        new Hessians.E5SimoExperiment(),
        new Hessians.E6DeepExperiment(),
        new E7RandomMatrixExperiment(),
        new Transformers.E8TransformerExperiment(),
        new Transformers.E9HeterogeneityExperiment(),
        new E10PreconditionerExperiment(),
        new LanguageModel.E11OptimizerBenchmark(),
        new Dynamics.E12DynamicForceExperiment(),
        new Limits.E13LimitExperiment(),
        new Beyond.E14BeyondExperiment(),
    };

    /// <summary>The experiment with this id (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown id; the message lists the known ones.</exception>
    public static IExperiment Get(string id) =>
        All.FirstOrDefault(e => string.Equals(e.Id, id, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"unknown experiment '{id}'; known: {string.Join(", ", All.Select(e => e.Id))}");
}
