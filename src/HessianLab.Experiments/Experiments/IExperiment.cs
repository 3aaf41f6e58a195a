namespace HessianLab.Experiments;

/// <summary>A named, re-runnable experiment of the talk (docs/experiments.md): writes its pictures (PNG),
/// numbers (JSON, CSV for tables) and exact configuration into <see cref="ExperimentContext.OutDir"/>.</summary>
public interface IExperiment
{
    /// <summary>Short id, e.g. "E3".</summary>
    string Id { get; }

    /// <summary>One-line title.</summary>
    string Title { get; }

    /// <summary>What the talk claims (shown in listings and EXPERIMENTS.md).</summary>
    string Claim { get; }

    /// <summary>Runs at quick or full size and returns a summary.</summary>
    ExperimentResult Run(ExperimentContext context);
}
