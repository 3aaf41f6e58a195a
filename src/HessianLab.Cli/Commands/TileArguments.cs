namespace HessianLab.Cli.Commands;

/// <summary>The arguments of a `hessian … --slurm N` call that each array task repeats: everything but --out and the
/// Slurm options (the task adds --out DIR and --tile K/N itself).</summary>
public static class TileArguments
{
    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal) { "--out", "--slurm", "--partition", "--time", "--mem" };

    /// <summary>Filters <paramref name="args"/> ("--opt value" and "--opt=value" forms).</summary>
    public static IReadOnlyList<string> Replayable(IReadOnlyList<string> args)
    {
        var kept = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            int eq = a.IndexOf('=');
            string name = eq > 0 ? a[..eq] : a;
            if (!Dropped.Contains(name)) { kept.Add(a); continue; }
            if (eq < 0) i++;   // skip its value
        }
        return kept;
    }
}
