using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianLab.Curvature;

/// <summary>Gradients through <c>torch.autograd.backward(…, inputs)</c> instead of <c>torch.autograd.grad</c>.</summary>
/// <remarks>
/// TorchSharp 0.107's native <c>THSAutograd_grad</c> does not catch libtorch errors, so any error inside it (a
/// tensor modified in place after the graph was recorded, a frozen input, an output without grad) terminates the
/// process. <c>THSAutograd_backward</c> catches them and TorchSharp rethrows them as .NET exceptions. So every
/// derivative here is taken with <c>backward(inputs: …)</c>, which accumulates into <c>x.grad</c>: each input's
/// <c>.grad</c> is set aside, cleared, read after the pass and put back, so the caller's gradients are untouched.
/// Inputs are also validated beforehand (requires_grad), so the common mistakes get precise messages.
/// </remarks>
internal static class SafeAutograd
{
    /// <summary>∂(Σ outputs ⊙ gradOutputs)/∂inputs; an input the outputs do not depend on gets zeros.</summary>
    /// <param name="output">A tensor with a graph (a scalar unless <paramref name="gradOutput"/> is given).</param>
    /// <param name="inputs">Tensors with requires_grad (leaves or not).</param>
    /// <param name="gradOutput">The vector of the vector-Jacobian product (shape of <paramref name="output"/>), or null for a scalar.</param>
    /// <param name="createGraph">Keep a graph on the result (for a further derivative).</param>
    /// <exception cref="ArgumentException">An input that does not require gradients.</exception>
    /// <exception cref="InvalidOperationException">libtorch refused the pass (e.g. a stale graph); the message quotes it.</exception>
    public static Tensor[] Grad(Tensor output, IReadOnlyList<Tensor> inputs, Tensor? gradOutput = null, bool createGraph = false)
    {
        for (int i = 0; i < inputs.Count; i++)
            if (!inputs[i].requires_grad)
                throw new ArgumentException($"input {i} (shape [{string.Join(",", inputs[i].shape)}]) does not require gradients (a frozen parameter?)", nameof(inputs));
        if (!output.requires_grad) return inputs.Select(t => torch.zeros_like(t)).ToArray();   // output constant in the inputs
        var saved = inputs.Select(t => t.grad).ToArray();
        try
        {
            foreach (var t in inputs) t.grad = null;
            torch.autograd.backward(new[] { output }, gradOutput is null ? null : new[] { gradOutput },
                retain_graph: true, create_graph: createGraph, inputs: inputs.ToList());
            var result = new Tensor[inputs.Count];
            for (int i = 0; i < inputs.Count; i++)
            {
                var g = inputs[i].grad;
                result[i] = g is null ? torch.zeros_like(inputs[i]) : createGraph ? g : g.detach();
            }
            return result;
        }
        catch (ExternalException e)
        {
            throw new InvalidOperationException(Explain(e.Message), e);
        }
        finally
        {
            for (int i = 0; i < inputs.Count; i++) inputs[i].grad = saved[i];
        }
    }

    private static string Explain(string libtorch)
    {
        string first = libtorch.Split('\n')[0];
        return first.Contains("modified by an inplace operation", StringComparison.Ordinal)
            ? "a parameter or input was modified in place after this graph was recorded (e.g. an optimizer step): " +
              "the Hessian must be rebuilt for the new values. libtorch: " + first
            : "libtorch could not differentiate: " + first;
    }
}
