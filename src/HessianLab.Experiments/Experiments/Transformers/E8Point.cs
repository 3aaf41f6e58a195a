namespace HessianLab.Experiments.Transformers;

/// <summary>One E8 measurement: one setting, one seed, one point along training.</summary>
/// <param name="Setting">E8Setting.Tag.</param>
/// <param name="Classes">Vocabulary size C.</param>
/// <param name="Dim">Width d.</param>
/// <param name="Layers">Blocks.</param>
/// <param name="Seed">Seed of initialization, batches and the held-out Hessian batch.</param>
/// <param name="Step">Optimizer steps taken (0 = initialization).</param>
/// <param name="TokensSeen">Training tokens seen: Step · batch · context.</param>
/// <param name="ValidationLoss">Held-out loss per token (nats).</param>
/// <param name="NatsPerByte">Held-out loss per byte of text: the loss per token divided by the corpus's bytes per token.</param>
/// <param name="DiagOverOffSame">mean ‖H_II‖_F² / mean ‖H_IJ‖_F² over I ≠ J in one matrix (1/ρ).</param>
/// <param name="DiagOverOffCross">mean ‖H_II‖_F² / mean ‖H_IJ‖_F² over I, J in different matrices.</param>
/// <param name="Roles">DiagOverOffSame per matrix role (q, k, v, o, fc; layers pooled).</param>
/// <param name="Neurons">Sampled neurons.</param>
/// <param name="Rows">Hessian rows computed (neurons · entries per neuron).</param>
/// <param name="SecondsPerRow">Wall-clock seconds per Hessian row.</param>
/// <param name="RowOverGradient">Hessian row cost in gradients.</param>
public sealed record E8Point(string Setting, int Classes, int Dim, int Layers, long Seed, int Step, long TokensSeen, double ValidationLoss,
    double NatsPerByte, double DiagOverOffSame, double DiagOverOffCross, IReadOnlyDictionary<string, double> Roles, int Neurons, int Rows,
    double SecondsPerRow, double RowOverGradient);
