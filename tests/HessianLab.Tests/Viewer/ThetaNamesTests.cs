using System.Text.Json;
using HessianLab.Experiments;
using HessianLab.Models;
using HessianLab.Viewer.Matrix;

namespace HessianLab.Tests.Viewer;

public class ThetaNamesTests
{
    private static ThetaNames FromConfigOf(ParameterLayout layout, long count)
    {
        string json = JsonSerializer.Serialize(new { segments = layout.Segments }, ExperimentContext.Json);
        using var doc = JsonDocument.Parse(json);
        return ThetaNames.FromConfig(doc.RootElement.Clone(), count);
    }

    [Fact]
    public void Names_follow_the_row_major_theta_layout_with_biases()
    {
        // Given the MLP 3→4→2 with biases: W1 is 4×(3+1), W2 is 2×(4+1).
        var layout = ParameterLayout.ForMlp([3, 4, 2], bias: true);
        var names = FromConfigOf(layout, layout.Count);

        var w1 = layout.Segments[0];
        var w2 = layout.Segments[1];
        Assert.Equal("W1[2, 1]", names.Name(w1.Index(2, 1)));
        Assert.Equal("b1[3]", names.Name(w1.Index(3, 3)));     // column WeightCols is the bias
        Assert.Equal("W2[1, 3]", names.Name(w2.Index(1, 3)));
        Assert.Equal("b2[0]", names.Name(w2.Index(0, 4)));
        Assert.Equal("W1[0, 0]", names.Name(0));
        Assert.Equal($"θ[{layout.Count}]", names.Name(layout.Count));
    }

    [Fact]
    public void A_layout_that_does_not_cover_the_matrix_is_not_used()
    {
        var layout = ParameterLayout.ForMlp([3, 4, 2], bias: false);
        var names = FromConfigOf(layout, layout.Count + 1);
        Assert.Empty(names.Segments);
        Assert.Equal("θ[5]", names.Name(5));
    }
}
