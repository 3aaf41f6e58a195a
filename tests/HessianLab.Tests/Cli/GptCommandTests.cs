using HessianLab.IO;
using HessianLab.Tests.Models.Gpt2;
using HessianLab.Tests.Plots;
using HessianLab.Tests.TestSupport;
using static TorchSharp.torch;

namespace HessianLab.Tests.Cli;

[Collection(TorchCollection.Name)]
public sealed class GptCommandTests
{
    [Theory]
    [InlineData(true, "float64")]
    [InlineData(false, "float32")]
    public void It_prints_the_mean_next_token_cross_entropy_and_writes_the_logits_in_the_checkpoint_dtype(bool float64, string dtype)
    {
        // Given a hand-written tiny checkpoint and 4 token ids.
        var c = new TinyGpt2Checkpoint(seed: 2);
        using var dir = new TempDir();
        string ckpt = c.Write(dir.File("ckpt"), float64, prefixed: !float64);
        int[] ids = { 5, 1, 9, 4 };

        // When
        var (exit, output) = CliRunner.Run("gpt", "--checkpoint", ckpt, "--token-ids", "5, 1,9,4", "--out", dir.File("out"));

        // Then: logits and CE agree with the hand-expanded forward (CE = mean of logsumexp(ℓ_t) − ℓ_t[id_{t+1}]).
        Assert.True(exit == 0, output);
        var reference = Gpt2Reference.Logits(c, ids);
        double ce = 0;
        for (int t = 0; t < 3; t++)
        {
            var row = Enumerable.Range(0, TinyGpt2Checkpoint.Vocab).Select(v => reference[t, v]).ToArray();
            double max = row.Max();
            ce += max + Math.Log(row.Sum(x => Math.Exp(x - max))) - row[ids[t + 1]];
        }
        ce /= 3;
        Assert.Contains($"mean next-token cross-entropy: {ce:F6} nats over 3 predictions".Replace(",", "."), output.Replace("\n", ""));
        using var logits = Npy.Load(Path.Combine(dir.File("out"), "logits.npy"));
        Assert.Equal(float64 ? ScalarType.Float64 : ScalarType.Float32, logits.dtype);
        Assert.Contains(dtype, logits.dtype.ToString().ToLowerInvariant());
        var expected = tensor(Enumerable.Range(0, reference.Length).Select(i => reference[i / TinyGpt2Checkpoint.Vocab, i % TinyGpt2Checkpoint.Vocab]).ToArray())
            .reshape(4, TinyGpt2Checkpoint.Vocab);
        Assertions.AllClose(expected, logits, rtol: float64 ? 1e-12 : 1e-4, atol: float64 ? 1e-12 : 1e-4, what: "logits.npy");
    }

    [Theory]
    [InlineData("5,11", "id 11 is not below the checkpoint's vocab_size 11")]
    [InlineData("1,2,3,4,5,6,7", "7 ids, more than the checkpoint's n_positions 6")]
    [InlineData("1,x", "comma-separated non-negative integers")]
    [InlineData("1,-2", "comma-separated non-negative integers")]
    [InlineData("3", "at least 2 ids")]
    public void Bad_token_ids_are_refused_before_loading(string ids, string expected)
    {
        var c = new TinyGpt2Checkpoint();
        using var dir = new TempDir();
        string ckpt = c.Write(dir.File("ckpt"), float64: true, prefixed: false);
        File.WriteAllBytes(Path.Combine(ckpt, "model.safetensors"), new byte[] { 0 });   // never read: validation comes first
        var (exit, output) = CliRunner.Run("gpt", "--checkpoint", ckpt, "--token-ids", ids, "--out", dir.File("out"));
        Assert.Equal(1, exit);
        Assert.Contains(expected, output.Replace("\n", ""));
        Assert.False(File.Exists(Path.Combine(dir.File("out"), "logits.npy")));
    }

    [Fact]
    public void A_missing_checkpoint_folder_or_a_broken_weights_file_is_a_one_line_error()
    {
        using var dir = new TempDir();
        var (exit, output) = CliRunner.Run("gpt", "--checkpoint", dir.File("nope"), "--token-ids", "1,2");
        Assert.Equal(1, exit);
        Assert.Contains("does not exist", output);
        string ckpt = new TinyGpt2Checkpoint().Write(dir.File("ckpt"), float64: true, prefixed: false);
        File.WriteAllBytes(Path.Combine(ckpt, "model.safetensors"), new byte[] { 0 });
        (exit, output) = CliRunner.Run("gpt", "--checkpoint", ckpt, "--token-ids", "1,2", "--out", dir.File("out"));
        Assert.Equal(1, exit);
        Assert.Contains("too short", output);
    }
}
