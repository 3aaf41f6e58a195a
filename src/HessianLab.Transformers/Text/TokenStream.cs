using Microsoft.ML.Tokenizers;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Text;

/// <summary>A corpus as one stream of token ids, with random windows for next-token training.</summary>
public sealed class TokenStream
{
    /// <summary>Token ids in text order.</summary>
    public long[] Ids { get; }

    /// <summary>Vocabulary size (classes).</summary>
    public int Vocab { get; }

    /// <summary>The tokenizer used.</summary>
    public TokenizerKind Kind { get; }

    private TokenStream(long[] ids, int vocab, TokenizerKind kind) { Ids = ids; Vocab = vocab; Kind = kind; }

    /// <summary>Tokenizes <paramref name="text"/>.</summary>
    public static TokenStream FromText(string text, TokenizerKind kind)
    {
        if (string.IsNullOrEmpty(text)) throw new ArgumentException("the corpus is empty");
        return kind switch
        {
            TokenizerKind.Bytes => new TokenStream(System.Text.Encoding.UTF8.GetBytes(text).Select(b => (long)b).ToArray(), 256, kind),
            TokenizerKind.Gpt2 => Gpt2(text),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static TokenStream Gpt2(string text)
    {
        var tokenizer = TiktokenTokenizer.CreateForModel("gpt2");
        var ids = tokenizer.EncodeToIds(text).Select(i => (long)i).ToArray();
        return new TokenStream(ids, 50257, TokenizerKind.Gpt2);
    }

    /// <summary>Splits into the first (1 − fraction) and the last fraction (validation).</summary>
    public (TokenStream Train, TokenStream Validation) Split(double validationFraction)
    {
        int cut = (int)(Ids.Length * (1 - validationFraction));
        return (new TokenStream(Ids[..cut], Vocab, Kind), new TokenStream(Ids[cut..], Vocab, Kind));
    }

    /// <summary>A batch of <paramref name="batch"/> random windows of <paramref name="length"/> + 1 tokens, shape (B, length + 1).</summary>
    public Tensor Sample(int batch, int length, Generator gen, Device? device = null)
    {
        if (Ids.Length < length + 2) throw new ArgumentException($"corpus has {Ids.Length} tokens, fewer than a window of {length + 1}");
        var starts = torch.randint(0, Ids.Length - length - 1, new long[] { batch }, ScalarType.Int64, generator: gen).data<long>().ToArray();
        var window = new long[batch * (length + 1)];
        for (int b = 0; b < batch; b++) Array.Copy(Ids, starts[b], window, b * (length + 1), length + 1);
        return torch.tensor(window, new long[] { batch, length + 1 }, device: device ?? CPU);
    }
}
