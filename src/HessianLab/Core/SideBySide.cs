using System.Runtime.ExceptionServices;

namespace HessianLab.Core;

/// <summary>Runs independent libtorch computations side by side, each on its own thread with one libtorch intra-op
/// thread, instead of one after the other on all cores.</summary>
/// <remarks>
/// Small models (a GPT of width 64, a few hundred MB of data) do not keep two intra-op threads busy: their many small
/// operations wait at libtorch's barriers. Two such runs at once on two cores finish sooner than the same two runs in turn
/// with two threads each (docs/performance.md has the measurements). With one intra-op thread per job, a job computes
/// the same numbers whether it runs alone or beside others, and on a machine with any number of cores — provided it
/// draws its random numbers from its own generator, not libtorch's global one. libtorch's thread count is
/// process-global: it is 1 for the whole call (<see cref="ThreadScope"/>), so nothing else should run libtorch work
/// meanwhile.
/// </remarks>
public static class SideBySide
{
    /// <summary>Runs <paramref name="jobs"/>, at most <paramref name="workers"/> at a time, started in the list's order on the
    /// next free worker, and returns their results in the jobs' order. When jobs fail, the first failing job's exception
    /// (in the jobs' order) is rethrown after every job has ended.</summary>
    /// <param name="jobs">Independent computations; each must own its tensors, generators and dispose scopes.</param>
    /// <param name="workers">Jobs at a time; 0: the processor count.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workers"/> negative.</exception>
    public static IReadOnlyList<T> Run<T>(IReadOnlyList<Func<T>> jobs, int workers = 0)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        var results = new T[jobs.Count];
        var errors = new Exception?[jobs.Count];
        if (jobs.Count == 0) return results;
        using var single = new ThreadScope(1);
        // Jobs start in the list's order, each on the next free worker (list the longest first to finish soonest).
        int next = -1;
        void Work()
        {
            for (int i; (i = Interlocked.Increment(ref next)) < jobs.Count;)
            {
                try { results[i] = jobs[i](); }
                catch (Exception e) { errors[i] = e; }
            }
        }
        int count = Math.Min(jobs.Count, workers == 0 ? Environment.ProcessorCount : workers);
        var helpers = Enumerable.Range(1, count - 1).Select(_ => Task.Factory.StartNew(Work, TaskCreationOptions.LongRunning)).ToArray();
        Work();
        Task.WaitAll(helpers);
        if (errors.FirstOrDefault(e => e is not null) is { } first) ExceptionDispatchInfo.Capture(first).Throw();
        return results;
    }
}
