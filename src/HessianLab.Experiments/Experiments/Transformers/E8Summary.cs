using HessianLab.Statistics;

namespace HessianLab.Experiments.Transformers;

/// <summary>E8's seed means with 95 % t-intervals, one row per setting and point along training.</summary>
/// <param name="Setting">E8Setting.Tag.</param>
/// <param name="Classes">Vocabulary size C.</param>
/// <param name="Dim">Width d.</param>
/// <param name="Layers">Blocks.</param>
/// <param name="Step">Optimizer steps taken.</param>
/// <param name="TokensSeen">Training tokens seen.</param>
/// <param name="ValidationLoss">Held-out loss per token.</param>
/// <param name="NatsPerByte">Held-out loss per byte of text.</param>
/// <param name="DiagOverOffSame">Diagonal over off-diagonal neuron-block energy within a matrix.</param>
/// <param name="DiagOverOffCross">The same across matrices.</param>
/// <param name="Roles">Within-matrix ratio per role.</param>
/// <param name="RowOverGradient">Mean Hessian-row cost in gradients.</param>
public sealed record E8Summary(string Setting, int Classes, int Dim, int Layers, int Step, long TokensSeen, Interval ValidationLoss,
    Interval NatsPerByte, Interval DiagOverOffSame, Interval DiagOverOffCross, IReadOnlyDictionary<string, Interval> Roles, double RowOverGradient)
{
    /// <summary>Table header of <see cref="Rows"/>.</summary>
    public static readonly string[] Header =
    {
        "setting", "C", "step", "tokens seen", "val. loss", "nats/byte", "diag/off within", "diag/off across", "q", "k", "v", "o", "fc", "row / gradient",
    };

    /// <summary>Groups the points by setting and step (in order of appearance).</summary>
    public static IReadOnlyList<E8Summary> Of(IReadOnlyList<E8Point> points) =>
        points.GroupBy(p => (p.Setting, p.Step)).Select(g =>
        {
            var f = g.First();
            var roles = g.SelectMany(p => p.Roles.Keys).Distinct().ToDictionary(r => r, r => Interval.Of(g.Select(p => p.Roles.TryGetValue(r, out var v) ? v : double.NaN)));
            return new E8Summary(f.Setting, f.Classes, f.Dim, f.Layers, f.Step, f.TokensSeen, Interval.Of(g.Select(p => p.ValidationLoss)),
                Interval.Of(g.Select(p => p.NatsPerByte)), Interval.Of(g.Select(p => p.DiagOverOffSame)), Interval.Of(g.Select(p => p.DiagOverOffCross)),
                roles, g.Average(p => p.RowOverGradient));
        }).ToList();

    /// <summary>Formatted rows, one per summary.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(IReadOnlyList<E8Summary> summary) =>
        summary.Select(s => (IReadOnlyList<string>)new[]
        {
            s.Setting, s.Classes.ToString(), s.Step.ToString(), s.TokensSeen.ToString("N0"), s.ValidationLoss.Format(v => v.ToString("F3")),
            s.NatsPerByte.Format(v => v.ToString("F3")), s.DiagOverOffSame.Format(v => v.ToString("G3")), s.DiagOverOffCross.Format(v => v.ToString("G3")),
        }.Concat(new[] { "q", "k", "v", "o", "fc" }.Select(r => s.Roles.TryGetValue(r, out var i) ? i.Format(v => v.ToString("G3")) : "—"))
         .Append(s.RowOverGradient.ToString("F1") + "×").ToList()).ToList();
}
