namespace HessianLab.Optim;

/// <summary>Which optimizer a parameter goes to under <see cref="ParameterRouting"/>.</summary>
public enum RouteTarget
{
    /// <summary>The matrix optimizer (Muon or NorMuon): hidden weights of rank ≥ 2.</summary>
    Matrix,
    /// <summary>The auxiliary AdamW: embeddings, output head, gains, biases.</summary>
    AdamW,
}
