using HessianLab.Experiments;
using HessianLab.IO;
using HessianLab.Reports;

namespace HessianLab.Runs;

/// <summary>Runs experiments as result folders (<see cref="ResultFolder"/>): one experiment into its own folder
/// (`experiment`), or a list of them plus REPORT.md into one folder (`reproduce`), which replaces the previous
/// reproduction only when every experiment and the report are complete.</summary>
public static class ExperimentRun
{
    /// <summary>Runs <paramref name="experiment"/> into the result folder <paramref name="outDir"/>.</summary>
    /// <param name="experiment">The experiment.</param>
    /// <param name="outDir">The result folder.</param>
    /// <param name="settings">Quick/full, seeds and log; its OutDir is ignored (the staging folder is used).</param>
    /// <param name="record">What started the run, for the manifest.</param>
    /// <returns>The result, its file paths pointing into <paramref name="outDir"/>.</returns>
    public static ExperimentResult One(IExperiment experiment, string outDir, ExperimentContext settings, RunRecord? record = null)
    {
        using var folder = ResultFolder.Begin(outDir, record ?? RunRecord.Library($"experiment {experiment.Id}", settings.Seed));
        var result = experiment.Run(settings with { OutDir = folder.Staging });
        ExperimentRecord.From(experiment, result, folder.Staging, settings.Quick).Save(folder.Staging);   // for `report DIR`
        folder.Commit();
        return result with { Files = result.Files.Select(folder.FinalPathOf).ToList() };
    }

    /// <summary>Runs every experiment of <paramref name="experiments"/> into <c>OUT/ID/</c> (each with its
    /// result.json) and writes <c>OUT/REPORT.md</c> and <c>OUT/report.html</c>; <paramref name="onStart"/> and <paramref name="onDone"/> report progress.</summary>
    /// <returns>The report's path and each experiment's result (paths pointing into <paramref name="outDir"/>).</returns>
    /// <exception cref="ArgumentException">An empty list.</exception>
    public static (string Report, IReadOnlyList<(IExperiment Experiment, ExperimentResult Result)> Runs) Reproduce(
        IReadOnlyList<IExperiment> experiments, string outDir, ExperimentContext settings, RunRecord? record = null,
        Action<int, IExperiment>? onStart = null, Action<IExperiment, ExperimentResult>? onDone = null)
    {
        if (experiments.Count == 0) throw new ArgumentException("no experiment to run", nameof(experiments));
        using var folder = ResultFolder.Begin(outDir, record ?? RunRecord.Library("reproduce", settings.Seed));
        var runs = new List<(IExperiment, ExperimentResult, string)>();
        for (int i = 0; i < experiments.Count; i++)
        {
            var e = experiments[i];
            onStart?.Invoke(i, e);
            string dir = Path.Combine(folder.Staging, e.Id);
            Directory.CreateDirectory(dir);
            var result = e.Run(settings with { OutDir = dir });
            ExperimentRecord.From(e, result, dir, settings.Quick).Save(dir);
            onDone?.Invoke(e, result);
            runs.Add((e, result, dir));
        }
        string report = ReproductionReport.Write(folder.Staging, settings.Quick, runs);
        HtmlReport.Write(folder.Staging, runs.Select(r => (ExperimentRecord.From(r.Item1, r.Item2, r.Item3, settings.Quick), r.Item3)).ToList());
        folder.Commit();
        return (folder.FinalPathOf(report),
            runs.Select(r => (r.Item1, r.Item2 with { Files = r.Item2.Files.Select(folder.FinalPathOf).ToList() })).ToList());
    }
}
