using TorchSharp;
using static TorchSharp.torch;
using TorchSharp.Modules;

namespace HessianLab.Optim;

/// <summary>The default Muon/NorMuon routing for a whole module, as the official Muon recommends
/// (KellerJordan/Muon; docs/optimizers.md): hidden weights of rank ≥ 2 → the orthogonalized update; embeddings,
/// the output head, biases and gains → AdamW.</summary>
/// <remarks>
/// Embeddings are found by type (every <see cref="Embedding"/>'s weight). The head is, unless named explicitly,
/// the last trainable parameter of rank ≥ 2 in registration order (the output layer of a feed-forward stack,
/// e.g. "fc3.weight" or "lm_head.weight"). Frozen parameters (requires_grad = false) are not routed. Any entry can
/// be overridden by name; an override naming an unknown parameter, or sending a rank-1 tensor to Muon, is an error.
/// </remarks>
public static class ModuleRouting
{
    /// <summary>The routing of <paramref name="module"/>'s trainable parameters.</summary>
    /// <param name="module">Any module.</param>
    /// <param name="heads">Names of the output heads (→ AdamW although 2-D); null = the last rank-≥2 parameter;
    /// empty = no head (every hidden 2-D weight, the last one included, goes to Muon).</param>
    /// <param name="overrides">Name → target, applied last.</param>
    /// <exception cref="ArgumentException">No trainable parameter, or a head/override naming an unknown parameter.</exception>
    public static IReadOnlyList<RouteEntry> Default(nn.Module module, IEnumerable<string>? heads = null,
        IReadOnlyDictionary<string, RouteTarget>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var named = module.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        if (named.Count == 0) throw new ArgumentException($"the module {module.GetType().Name} has no trainable parameter", nameof(module));
        var known = new HashSet<string>(named.Select(p => p.name), StringComparer.Ordinal);

        var adamW = new List<string>();
        foreach (var (name, child) in module.named_modules())
            if (child is Embedding && known.Contains(Join(name, "weight"))) adamW.Add(Join(name, "weight"));
        if (heads is null)
        {
            var last = named.LastOrDefault(p => p.parameter.dim() >= 2 && !adamW.Contains(p.name));
            if (last.name is not null) adamW.Add(last.name);
        }
        else
        {
            foreach (var h in heads)
            {
                if (!known.Contains(h))
                    throw new ArgumentException($"head '{h}' is not a trainable parameter; known: {string.Join(", ", known)}", nameof(heads));
                adamW.Add(h);
            }
        }
        return ParameterRouting.Route(named.Select(p => (p.name, p.parameter)), adamW, overrides);
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
