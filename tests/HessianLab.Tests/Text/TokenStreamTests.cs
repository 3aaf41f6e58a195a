using HessianLab.Tests.TestSupport;
using HessianLab.Text;
using TorchSharp;

namespace HessianLab.Tests.Text;

[Collection(TorchCollection.Name)]
public sealed class TokenStreamTests
{
    [Fact]
    public void Gpt2_bpe_gives_the_known_ids_and_vocabulary_50257()
    {
        var s = TokenStream.FromText("Hello world", TokenizerKind.Gpt2);
        Assert.Equal(new long[] { 15496, 995 }, s.Ids);
        Assert.Equal(50257, s.Vocab);
    }

    [Fact]
    public void Byte_tokens_are_utf8_and_windows_are_contiguous_text()
    {
        var s = TokenStream.FromText("abcdefghijklmnopqrstuvwxyz", TokenizerKind.Bytes);
        Assert.Equal(256, s.Vocab);
        using var gen = new torch.Generator(1);
        var batch = s.Sample(3, 5, gen);
        Assert.Equal(new long[] { 3, 6 }, batch.shape);
        for (int b = 0; b < 3; b++)
            for (int t = 1; t < 6; t++)
                Assert.Equal(batch[b, t - 1].item<long>() + 1, batch[b, t].item<long>());
    }
}
