namespace HessianLab.Experiments.Transformers;

/// <summary>E9's numbers for one weight matrix.</summary>
/// <param name="Matrix">Parameter name.</param>
/// <param name="Size">Entries.</param>
/// <param name="TopEigenvalue">Largest eigenvalue of the diagonal Hessian block H_WW: the largest Ritz value of the SLQ
/// probes' Lanczos runs (a lower bound that converges first).</param>
/// <param name="BottomEigenvalue">Smallest eigenvalue: the smallest Ritz value (an upper bound).</param>
/// <param name="MeanEigenvalue">tr(H_WW)/size from the SLQ first moment.</param>
/// <param name="RowNormMin">Smallest per-row gradient norm.</param>
/// <param name="RowNormMedian">Median per-row gradient norm.</param>
/// <param name="RowNormMax">Largest per-row gradient norm.</param>
/// <param name="RowNormCv">Coefficient of variation (sd/mean) of per-row gradient norms.</param>
public sealed record MatrixHeterogeneity(string Matrix, long Size, double TopEigenvalue, double BottomEigenvalue, double MeanEigenvalue,
    double RowNormMin, double RowNormMedian, double RowNormMax, double RowNormCv);
