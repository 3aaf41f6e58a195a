using HessianLab.IO;

namespace HessianLab.Tests.IO;

public sealed class ResultFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"rf-{Guid.NewGuid():N}");

    public ResultFolderTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Target => Path.Combine(_root, "result");

    private void WriteRun(string content, bool commit = true)
    {
        using var f = ResultFolder.Begin(Target, new RunRecord($"test {content}", 7));
        File.WriteAllText(f.PathOf("a.txt"), content);
        Directory.CreateDirectory(f.PathOf("sub"));
        File.WriteAllText(f.PathOf(Path.Combine("sub", "b.txt")), content + content);
        if (commit) f.Commit();
    }

    [Fact]
    public void A_committed_run_replaces_the_previous_one_whole_and_verifies_against_its_manifest()
    {
        WriteRun("old");
        WriteRun("new");
        Assert.Equal("new", File.ReadAllText(Path.Combine(Target, "a.txt")));
        Assert.Equal("newnew", File.ReadAllText(Path.Combine(Target, "sub", "b.txt")));
        Assert.Empty(Manifest.Verify(Target));
        var m = Manifest.Read(Target);
        Assert.Equal(new[] { "a.txt", "sub/b.txt" }, m.Files.Select(f => f.Path));
        Assert.Equal("test new", m.Command);
        Assert.Equal(7, m.Seed);
        // Independent hash: SHA-256 of "new" as every sha256sum prints it.
        Assert.Equal("11507a0e2f5e69d5dfa40a62a1bd7b6ee57e6bcd85c67c9b8431b36fff21c437", m.Files[0].Sha256);
        Assert.Equal(new[] { "result" }, Directory.GetFileSystemEntries(_root).Select(Path.GetFileName).Where(n => !n!.StartsWith(".result.lock")));
    }

    [Fact]
    public void A_run_that_fails_before_commit_leaves_the_previous_result_and_no_staging()
    {
        WriteRun("old");
        void FailingRun()
        {
            using var f = ResultFolder.Begin(Target, new RunRecord("failing"));
            File.WriteAllText(f.PathOf("a.txt"), "half");
            throw new InvalidOperationException("boom");
        }
        Assert.Throws<InvalidOperationException>(FailingRun);
        Assert.Equal("old", File.ReadAllText(Path.Combine(Target, "a.txt")));
        Assert.Empty(Manifest.Verify(Target));
        Assert.Empty(Directory.GetDirectories(_root, ".result.staging-*"));
    }

    [Fact]
    public void Verify_reports_a_changed_a_missing_and_an_unlisted_file()
    {
        WriteRun("x");
        File.WriteAllText(Path.Combine(Target, "a.txt"), "y");
        File.Delete(Path.Combine(Target, "sub", "b.txt"));
        File.WriteAllText(Path.Combine(Target, "extra.txt"), "z");
        var problems = Manifest.Verify(Target);
        Assert.Contains(problems, p => p.StartsWith("a.txt: content differs", StringComparison.Ordinal));
        Assert.Contains(problems, p => p == "sub/b.txt: missing");
        Assert.Contains(problems, p => p == "extra.txt: not in the manifest");
    }

    [Fact]
    public void A_second_run_on_a_locked_target_fails_at_once_naming_the_holder()
    {
        using var first = ResultFolder.Begin(Target, new RunRecord("first"));
        var e = Assert.Throws<IOException>(() => ResultFolder.Begin(Target, new RunRecord("second")));
        Assert.Contains($"being written by another run (process {Environment.ProcessId})", e.Message);
    }

    [Fact]
    public void Leftovers_of_killed_runs_are_removed_and_an_orphaned_previous_result_is_restored()
    {
        // A staging folder and an old folder of a dead process (pid 999999 does not exist), and the target missing
        // as if a run died between the fallback's two renames.
        WriteRun("old");
        Directory.Move(Target, Path.Combine(_root, ".result.old-999999-abc"));
        Directory.CreateDirectory(Path.Combine(_root, ".result.staging-999999-def"));
        File.WriteAllText(Path.Combine(_root, ".tmp-999999-0123-other.json"), "partial");
        using (var f = ResultFolder.Begin(Target, new RunRecord("next")))
        {
            Assert.Equal("old", File.ReadAllText(Path.Combine(Target, "a.txt")));   // restored before anything else
            Assert.Empty(Directory.GetDirectories(_root, ".result.old-*"));
            Assert.Single(Directory.GetDirectories(_root, ".result.staging-*"));      // only this run's
            Assert.Empty(Directory.GetFiles(_root, ".tmp-*"));
        }
        Assert.Empty(Directory.GetDirectories(_root, ".result.staging-*"));
    }

    [Fact]
    public void Only_absent_empty_or_result_folders_are_accepted_as_targets()
    {
        string foreign = Path.Combine(_root, "foreign");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "thesis.tex"), "keep me");
        Assert.Contains("is not a HessianLab result", Assert.Throws<IOException>(() => ResultFolder.CheckTarget(foreign)).Message);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(foreign, "thesis.tex")));

        WriteRun("r");
        Assert.Contains("is inside the result folder", Assert.Throws<IOException>(() => ResultFolder.CheckTarget(Path.Combine(Target, "sub", "deeper"))).Message);
        Assert.Contains("is a file", Assert.Throws<IOException>(() => ResultFolder.CheckTarget(Path.Combine(Target, "a.txt"))).Message);
        Assert.Contains("empty", Assert.Throws<IOException>(() => ResultFolder.CheckTarget(" ")).Message);

        string empty = Path.Combine(_root, "empty");
        Directory.CreateDirectory(empty);
        Assert.Equal(empty, ResultFolder.CheckTarget(empty));
        Assert.Equal(Target, ResultFolder.CheckTarget(Target + "/"));
    }
}
