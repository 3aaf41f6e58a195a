namespace HessianLab.Structure;

/// <summary>Consecutive blocks of one partition that have the same length and follow each other in θ
/// without gaps: their part of the matrix can be reduced by one reshape (run × length × run × length).</summary>
/// <param name="First">Index of the first block in the partition.</param>
/// <param name="Count">Number of blocks in the run.</param>
/// <param name="Start">θ index where the run starts.</param>
/// <param name="Length">Length of each block.</param>
internal readonly record struct BlockRun(int First, int Count, long Start, int Length)
{
    /// <summary>Number of θ entries covered.</summary>
    public long Span => (long)Count * Length;
}
