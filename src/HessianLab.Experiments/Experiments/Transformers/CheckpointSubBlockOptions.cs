namespace HessianLab.Experiments.Transformers;

/// <summary>E8 on a loaded GPT-2 checkpoint instead of training the small GPT: which neurons, how many rows.</summary>
/// <param name="Folder">Hugging Face style folder (config.json + model.safetensors).</param>
/// <param name="NeuronsPerMatrix">Sampled neurons per role (q, k, v, o, fc) and block.</param>
/// <param name="EntriesPerNeuron">Weights kept per neuron (of its fan-in d); Hessian rows = blocks · 5 · neurons · entries.</param>
/// <param name="Tokens">Tokens of the held-out window the loss is taken on.</param>
/// <param name="Blocks">Transformer blocks sampled; null: the first and the last.</param>
public sealed record CheckpointSubBlockOptions(string Folder, int NeuronsPerMatrix = 2, int EntriesPerNeuron = 16, int Tokens = 128,
    IReadOnlyList<int>? Blocks = null)
{
    /// <summary>Checks the counts, naming the bad one.</summary>
    public CheckpointSubBlockOptions Validated()
    {
        if (string.IsNullOrWhiteSpace(Folder)) throw new ArgumentException("the checkpoint folder is empty", nameof(Folder));
        if (NeuronsPerMatrix < 1) throw new ArgumentException($"neurons per matrix must be ≥ 1, got {NeuronsPerMatrix}", nameof(NeuronsPerMatrix));
        if (EntriesPerNeuron < 1) throw new ArgumentException($"entries per neuron must be ≥ 1, got {EntriesPerNeuron}", nameof(EntriesPerNeuron));
        if (Tokens < 1) throw new ArgumentException($"tokens must be ≥ 1, got {Tokens}", nameof(Tokens));
        return this;
    }
}
