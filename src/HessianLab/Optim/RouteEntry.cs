using TorchSharp.Modules;

namespace HessianLab.Optim;

/// <summary>One row of a routing table.</summary>
/// <param name="Name">Parameter name (e.g. "W1").</param>
/// <param name="Parameter">The tensor.</param>
/// <param name="Target">Where it goes.</param>
/// <param name="Reason">Why (e.g. "hidden 2-D weight", "output head", "bias", "override").</param>
public sealed record RouteEntry(string Name, Parameter Parameter, RouteTarget Target, string Reason)
{
    /// <summary>Shape as "8x500".</summary>
    public string ShapeText => string.Join("x", Parameter.shape);
}
