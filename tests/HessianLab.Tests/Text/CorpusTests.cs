using HessianLab.Tests.Cli;
using HessianLab.Tests.Plots;
using HessianLab.Tests.TestSupport;
using HessianLab.Text;

namespace HessianLab.Tests.Text;

/// <summary>Corpus lookup (in the torch collection: one test sets the process-wide environment variable).</summary>
[Collection(TorchCollection.Name)]
public sealed class CorpusTests
{
    private static TempDir Folder()
    {
        var dir = new TempDir();
        Directory.CreateDirectory(dir.File("sub"));
        File.WriteAllText(dir.File("b.txt"), "second");
        File.WriteAllText(dir.File("a.md"), "first");
        File.WriteAllText(dir.File("sub/c.TXT"), "third");
        File.WriteAllText(dir.File("skip.json"), "{}");
        return dir;
    }

    [Fact]
    public void A_folder_gives_its_text_files_in_path_order_and_the_source_states_count_and_bytes()
    {
        using var dir = Folder();
        var (text, source) = Corpus.Load(dir.Path);
        Assert.Equal("first\n\nsecond\n\nthird", text);
        Assert.Equal($"{dir.Path} (3 files, 16 bytes)", source);
    }

    [Fact]
    public void A_file_is_read_whole()
    {
        using var dir = Folder();
        var (text, source) = Corpus.Load(dir.File("b.txt"));
        Assert.Equal("second", text);
        Assert.EndsWith("(1 file, 6 bytes)", source);
    }

    [Fact]
    public void The_environment_variable_may_name_a_folder_and_an_explicit_path_wins_over_it()
    {
        using var dir = Folder();
        string? before = Environment.GetEnvironmentVariable(Corpus.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(Corpus.EnvironmentVariable, dir.Path);
            Assert.Equal("first\n\nsecond\n\nthird", Corpus.Load().Text);
            Assert.Equal("third", Corpus.Load(dir.File("sub")).Text);
            Environment.SetEnvironmentVariable(Corpus.EnvironmentVariable, dir.File("missing"));
            Assert.Contains("HESSIANLAB_CORPUS names", Assert.Throws<FileNotFoundException>(() => Corpus.Load()).Message);
        }
        finally { Environment.SetEnvironmentVariable(Corpus.EnvironmentVariable, before); }
    }

    [Fact]
    public void Missing_paths_and_folders_without_text_are_errors_naming_them()
    {
        using var dir = new TempDir();
        Assert.Contains("neither a file nor a folder", Assert.Throws<FileNotFoundException>(() => Corpus.Load(dir.File("nope"))).Message);
        File.WriteAllText(dir.File("x.json"), "{}");
        Assert.Contains("holds no .txt or .md files", Assert.Throws<FileNotFoundException>(() => Corpus.Load(dir.Path)).Message);
    }

    [Fact]
    public void A_transformer_experiment_trains_on_the_given_corpus_folder_and_records_it()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("text"));
        File.WriteAllText(dir.File("text/words.txt"), string.Join(" ", Enumerable.Range(0, 600).Select(i => $"word{i % 37} and{i % 11}.")));
        var e = new HessianLab.Experiments.Transformers.E9HeterogeneityExperiment();
        e.Run(new HessianLab.Experiments.ExperimentContext(dir.File("out"), Quick: true, Seeds: 1, Corpus: dir.File("text")));
        string config = File.ReadAllText(dir.File("out/config.json"));
        Assert.Contains("(1 file, ", config);
        Assert.Contains(System.Text.Json.JsonEncodedText.Encode(dir.File("text")).ToString(), config);
    }

    [Fact]
    public void The_experiment_command_refuses_a_missing_corpus_before_running()
    {
        using var dir = new TempDir();
        var (exit, output) = CliRunner.Run("experiment", "E8", "--quick", "--corpus", dir.File("nope.txt"), "--out", dir.File("out"));
        Assert.Equal(1, exit);
        Assert.Contains("--corpus", output);
        Assert.Contains("neither a file nor a folder", output);
    }
}
