namespace HessianLab.Experiments.Preconditioners;

/// <summary>One preconditioner against the exact Hessian block of one weight, at one point of its own optimizer's run.</summary>
/// <param name="Optimizer">Whose trajectory and preconditioner ("none (I)" for the Hessian alone at that point).</param>
/// <param name="Point">"matched loss" or "matched step".</param>
/// <param name="Step">Steps taken at the point.</param>
/// <param name="Loss">Loss at the point.</param>
/// <param name="Layer">"W1", ….</param>
/// <param name="Rows">m.</param>
/// <param name="Cols">n.</param>
/// <param name="RankP">rank(P) (P_l = m·n when full).</param>
/// <param name="Conditioning">κ on range and whole space at each cut-off.</param>
/// <param name="NeuronShareP">Σ_i ‖P_ii‖²_F / ‖P‖²_F over the m neuron blocks (1 = nothing across neurons).</param>
/// <param name="NeuronShareH">The same share for the Hessian block H at the point.</param>
/// <param name="BlockResidualMean">Mean over neurons of ‖s (P H)_ii − I‖_F / √n, s the best single scale (the step size absorbs it).</param>
/// <param name="BlockResidualMax">Largest of those.</param>
/// <param name="Scale">s = Σ_i tr((PH)_ii) / Σ_i ‖(PH)_ii‖²_F.</param>
/// <param name="Formula">How P was built.</param>
public sealed record E10Measurement(string Optimizer, string Point, int Step, double Loss, string Layer, long Rows, long Cols,
    long RankP, IReadOnlyList<CutoffConditioning> Conditioning, double NeuronShareP, double NeuronShareH,
    double BlockResidualMean, double BlockResidualMax, double Scale, string Formula);
