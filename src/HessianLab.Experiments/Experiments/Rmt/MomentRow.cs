namespace HessianLab.Experiments.Rmt;

/// <summary>One row of E7's moment table: first and second spectral moments of A = (1/n) X Λ Xᵀ, empirical against
/// the independent-copy theory (generalized Marchenko–Pastur with Λ independent of X).</summary>
/// <param name="Part">a, b or c.</param>
/// <param name="Lambda">Name of the Λ source.</param>
/// <param name="N">n, samples (columns of X).</param>
/// <param name="D">d, matrix size.</param>
/// <param name="Draws">Number of draws.</param>
/// <param name="M1Empirical">Mean over draws of tr(A)/d.</param>
/// <param name="M1TheoryLimit">E[τ] of the law H of Λ (the generalized MP first moment).</param>
/// <param name="M1TheoryFinite">Mean over draws of E[tr(A)/d | Λ] = (1/n) Σ τ_i, the exact value if X were independent of the drawn Λ.</param>
/// <param name="M2Empirical">Mean over draws of tr(A²)/d = ‖A‖²_F/d.</param>
/// <param name="M2StdErr">Its standard error.</param>
/// <param name="M2TheoryLimit">γ E[τ²] + E[τ]² with H the law of Λ (for (c): averaged over the draws, each with its own empirical law of Λ).</param>
/// <param name="M2TheoryFinite">Mean over draws of E[tr(A²)/d | Λ] = (d + 1)/n² Σ τ² + (Σ τ/n)², the exact value if X were independent of the drawn Λ.</param>
/// <param name="M2Gap">M2Empirical − M2TheoryFinite (the effect of dependence; 0 in expectation when independent).</param>
/// <param name="M2GapStdErr">Standard error of the gap (per-draw differences).</param>
/// <param name="M2IndependentCopyEmpirical">(c) only: mean tr(A'²)/d with Λ' from an independent X' (NaN otherwise).</param>
/// <param name="Kolmogorov">Kolmogorov distance of the pooled eigenvalues to the limiting law (for (c): of the first draws to the average of their own laws).</param>
public sealed record MomentRow(string Part, string Lambda, int N, int D, int Draws, double M1Empirical, double M1TheoryLimit, double M1TheoryFinite,
    double M2Empirical, double M2StdErr, double M2TheoryLimit, double M2TheoryFinite, double M2Gap, double M2GapStdErr,
    double M2IndependentCopyEmpirical, double Kolmogorov)
{
    /// <summary>γ = d/n.</summary>
    public double Gamma => (double)D / N;

    /// <summary>M2Gap / M2TheoryFinite.</summary>
    public double M2RelativeGap => M2Gap / M2TheoryFinite;

    /// <summary>CSV header (matches <see cref="CsvValues"/>).</summary>
    public static IReadOnlyList<string> CsvHeader { get; } = new[]
    {
        "part", "lambda", "n", "d", "gamma", "draws", "m1_empirical", "m1_theory_limit", "m1_theory_finite", "m2_empirical", "m2_stderr",
        "m2_theory_limit", "m2_theory_finite", "m2_gap", "m2_gap_stderr", "m2_relative_gap", "m2_independent_copy_empirical", "kolmogorov",
    };

    /// <summary>The row's values in <see cref="CsvHeader"/> order.</summary>
    public IReadOnlyList<object> CsvValues => new object[]
    {
        Part, Lambda, N, D, Gamma, Draws, M1Empirical, M1TheoryLimit, M1TheoryFinite, M2Empirical, M2StdErr, M2TheoryLimit, M2TheoryFinite,
        M2Gap, M2GapStdErr, M2RelativeGap, M2IndependentCopyEmpirical, Kolmogorov,
    };

    /// <summary>The printed summary row.</summary>
    public IReadOnlyList<string> Printed => new[]
    {
        Part, ShortLambda, $"{N}", $"{D}", $"{Draws}", $"{M1Empirical:G4}", $"{M1TheoryFinite:G4}", $"{M2Empirical:G4} ± {M2StdErr:G2}",
        $"{M2TheoryLimit:G4}", $"{M2TheoryFinite:G4}", $"{100 * M2RelativeGap:+0.00;-0.00}% ± {100 * M2GapStdErr / M2TheoryFinite:0.00}%", $"{Kolmogorov:F3}",
    };

    /// <summary>Abbreviated Λ name for the printed table.</summary>
    public string ShortLambda => Lambda.Replace("-independent-copy", " copy").Replace("linear-softmax", "lin")
        .Replace("one-hidden-softmax", "hid p").Replace("one-hidden-hidden-block", "hid blk").Replace("independent", "2-pt").Replace("identity", "I");

    /// <summary>Header of <see cref="Printed"/>.</summary>
    public static IReadOnlyList<string> PrintedHeader { get; } = new[]
    {
        "", "Λ", "n", "d", "draws", "m1", "m1 ind", "m2 ± SE", "m2 lim", "m2 ind", "gap ± SE", "KS",
    };

    /// <summary>The rows as a Markdown table (for EXPERIMENTS.md): sizes, m1, m2 against the limit and the finite
    /// independent value, the relative gap with its standard error, the Kolmogorov distance.</summary>
    public static string Markdown(IEnumerable<MomentRow> rows)
    {
        var sb = new System.Text.StringBuilder();
        sb.AppendLine("| part | Λ | n | d | draws | m1 emp | m1 indep | m2 emp ± SE | m2 gMP limit | m2 indep (finite) | rel. gap ± SE | KS |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            sb.AppendLine(FormattableString.Invariant(
                $"| {r.Part} | {r.Lambda} | {r.N} | {r.D} | {r.Draws} | {r.M1Empirical:G5} | {r.M1TheoryFinite:G5} | {r.M2Empirical:G5} ± {r.M2StdErr:G2} | {r.M2TheoryLimit:G5} | {r.M2TheoryFinite:G5} | {100 * r.M2RelativeGap:+0.00;-0.00}% ± {100 * r.M2GapStdErr / r.M2TheoryFinite:0.00}% | {r.Kolmogorov:F4} |"));
        return sb.ToString();
    }
}
