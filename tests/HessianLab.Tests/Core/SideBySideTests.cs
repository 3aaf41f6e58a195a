using System.Diagnostics;
using HessianLab.Core;
using HessianLab.Tests.TestSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Tests.Core;

[Collection(TorchCollection.Name)]
public sealed class SideBySideTests
{
    /// <summary>A libtorch computation with its own generator: products and reductions whose rounding depends on the thread count.</summary>
    private static double Job(int seed)
    {
        using var scope = NewDisposeScope();
        using var gen = new Generator((ulong)seed);
        var a = randn(new long[] { 400, 300 }, ScalarType.Float32, generator: gen);
        var b = randn(new long[] { 300, 500 }, ScalarType.Float32, generator: gen);
        return a.matmul(b).tanh().sum().to_type(ScalarType.Float64).item<double>() + nn.functional.log_softmax(a, 1).sum().item<float>();
    }

    [Fact]
    public void Jobs_return_in_order_with_the_numbers_of_a_one_thread_run_alone_and_the_thread_count_is_restored()
    {
        int before = get_num_threads();
        double[] alone;
        using (new ThreadScope(1)) alone = Enumerable.Range(0, 6).Select(Job).ToArray();
        var threadsSeen = new int[6];
        var side = SideBySide.Run(Enumerable.Range(0, 6).Select(i => (Func<double>)(() => { threadsSeen[i] = get_num_threads(); return Job(i); })).ToList(), workers: 2);
        Assert.Equal(alone, side);                        // bitwise: one intra-op thread each, whatever runs beside it
        Assert.All(threadsSeen, t => Assert.Equal(1, t));
        Assert.Equal(before, get_num_threads());
        Assert.Empty(SideBySide.Run(Array.Empty<Func<double>>()));
    }

    [Fact]
    public void At_most_the_requested_number_of_jobs_run_at_once_and_they_do_run_together()
    {
        int running = 0, most = 0;
        using var pair = new Barrier(2);
        var met = SideBySide.Run(Enumerable.Range(0, 4).Select(_ => (Func<bool>)(() =>
        {
            int now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            bool together = pair.SignalAndWait(TimeSpan.FromSeconds(30));   // fails if the two workers never overlap
            Thread.Sleep(20);
            Interlocked.Decrement(ref running);
            return together;
        })).ToList(), workers: 2);
        Assert.All(met, Assert.True);
        Assert.Equal(2, most);
    }

    [Fact]
    public void Jobs_start_in_the_lists_order()
    {
        var started = new System.Collections.Concurrent.ConcurrentQueue<int>();
        SideBySide.Run(Enumerable.Range(0, 5).Select(i => (Func<int>)(() => { started.Enqueue(i); return i; })).ToList(), workers: 1);
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, started);
    }

    [Fact]
    public void The_first_failing_job_in_order_is_rethrown_after_every_job_has_ended()
    {
        int ended = 0;
        var jobs = Enumerable.Range(0, 5).Select(i => (Func<int>)(() =>
        {
            Thread.Sleep(10 * (5 - i));
            Interlocked.Increment(ref ended);
            if (i is 1 or 3) throw new InvalidOperationException($"job {i}");
            return i;
        })).ToList();
        var e = Assert.Throws<InvalidOperationException>(() => SideBySide.Run(jobs, workers: 2));
        Assert.Equal("job 1", e.Message);
        Assert.Equal(5, ended);
        Assert.Throws<ArgumentOutOfRangeException>(() => SideBySide.Run(jobs, workers: -1));
    }

    [Fact]
    public void The_thread_clock_counts_this_threads_work_and_not_its_sleep()
    {
        var start = ThreadCpuClock.Now();
        Assert.NotNull(start);                              // Linux, macOS and Windows report it
        var wall = Stopwatch.StartNew();
        double x = 0;
        while (ThreadCpuClock.Now()!.Value - start!.Value < TimeSpan.FromMilliseconds(50)) x += Math.Sqrt(x + 1);
        Assert.True(wall.Elapsed >= ThreadCpuClock.Now()!.Value - start.Value - TimeSpan.FromMilliseconds(5), "a thread cannot use more processor time than wall time");
        var beforeSleep = ThreadCpuClock.Now()!.Value;
        Thread.Sleep(300);
        Assert.True(ThreadCpuClock.Now()!.Value - beforeSleep < TimeSpan.FromMilliseconds(100), $"sleeping used processor time ({x})");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
