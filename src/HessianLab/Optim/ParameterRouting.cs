using System.Globalization;
using HessianLab.Models;
using TorchSharp.Modules;

namespace HessianLab.Optim;

/// <summary>Decides which parameters Muon/NorMuon orthogonalize and which go to the auxiliary AdamW.</summary>
/// <remarks>Rule (KellerJordan/Muon; docs/optimizers.md): hidden weights of rank ≥ 2 → the matrix optimizer; embeddings,
/// the output head, gains and biases → AdamW. Heads/embeddings are named explicitly by the caller (never guessed);
/// any entry can be overridden by name.</remarks>
public static class ParameterRouting
{
    /// <summary>Routing of an <see cref="Mlp"/>: W_1…W_{L−1} → matrix optimizer; biases → AdamW; the output layer W_L
    /// counts as the head → AdamW unless <paramref name="outputLayerToAdamW"/> is false.</summary>
    /// <param name="model">The network.</param>
    /// <param name="outputLayerToAdamW">Treat W_L as the head (default true).</param>
    /// <param name="overrides">Name → target, applied last (e.g. {"W1": AdamW}).</param>
    /// <exception cref="ArgumentException">An override names an unknown parameter or sends a rank-1 tensor to Muon.</exception>
    public static IReadOnlyList<RouteEntry> ForMlp(Mlp model, bool outputLayerToAdamW = true, IReadOnlyDictionary<string, RouteTarget>? overrides = null)
    {
        var named = new List<(string, Parameter)>();
        for (int l = 1; l <= model.Spec.Depth; l++)
        {
            named.Add(($"W{l}", model.Weight(l)));
            if (model.Bias(l) is { } b) named.Add(($"b{l}", b));
        }
        var heads = outputLayerToAdamW ? new[] { $"W{model.Spec.Depth}" } : Array.Empty<string>();
        return Route(named, heads, overrides);
    }

    /// <summary>General routing of named parameters.</summary>
    /// <param name="parameters">Named parameters in order.</param>
    /// <param name="embeddingsAndHeads">Names of the embeddings and output heads (→ AdamW although 2-D).</param>
    /// <param name="overrides">Name → target, applied last.</param>
    public static IReadOnlyList<RouteEntry> Route(IEnumerable<(string Name, Parameter Parameter)> parameters,
        IEnumerable<string> embeddingsAndHeads, IReadOnlyDictionary<string, RouteTarget>? overrides = null)
    {
        var heads = new HashSet<string>(embeddingsAndHeads, StringComparer.Ordinal);
        var list = new List<RouteEntry>();
        foreach (var (name, p) in parameters)
        {
            RouteEntry e = p.dim() < 2
                ? new(name, p, RouteTarget.AdamW, p.dim() == 1 ? "bias/gain (1-D)" : "scalar")
                : heads.Contains(name) ? new(name, p, RouteTarget.AdamW, "embedding/output head")
                : new(name, p, RouteTarget.Matrix, "hidden weight (rank >= 2)");
            list.Add(e);
        }
        foreach (var (name, target) in overrides ?? new Dictionary<string, RouteTarget>())
        {
            int i = list.FindIndex(e => e.Name == name);
            if (i < 0) throw new ArgumentException($"routing override names unknown parameter '{name}'; known: {string.Join(", ", list.Select(e => e.Name))}");
            if (target == RouteTarget.Matrix && list[i].Parameter.dim() < 2)
                throw new ArgumentException($"routing override sends '{name}' (shape [{string.Join(",", list[i].Parameter.shape)}]) to Muon, which needs rank >= 2");
            list[i] = list[i] with { Target = target, Reason = "override" };
        }
        return list;
    }

    /// <summary>The routing as a table (header first): parameter, shape, optimizer, reason.</summary>
    /// <param name="routes">The routing.</param>
    /// <param name="matrixLabel">Label of the matrix optimizer (e.g. Muon's <c>Label</c>).</param>
    /// <param name="auxLabel">Label of the auxiliary optimizer.</param>
    public static IReadOnlyList<IReadOnlyList<string>> ToTable(IReadOnlyList<RouteEntry> routes, string matrixLabel, string auxLabel)
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "parameter", "shape", "numel", "optimizer", "reason" } };
        foreach (var r in routes)
            rows.Add(new[] { r.Name, r.ShapeText, r.Parameter.numel().ToString(CultureInfo.InvariantCulture),
                r.Target == RouteTarget.Matrix ? matrixLabel : auxLabel, r.Reason });
        return rows;
    }
}
