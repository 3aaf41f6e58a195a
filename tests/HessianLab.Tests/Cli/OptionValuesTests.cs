using HessianLab.Cli.Parsing;
using HessianLab.Models;

namespace HessianLab.Tests.Cli;

public sealed class OptionValuesTests
{
    [Theory]
    [InlineData("500,8,x", "'x' is not an integer")]
    [InlineData("500", "at least an input and an output")]
    [InlineData("5,0,3", "width #2 is 0")]
    [InlineData("5,-1,3", "width #2 is -1")]
    [InlineData("5,3000000000,3", "width #2 is 3000000000, more than")]
    [InlineData("", "is empty")]
    public void Malformed_widths_give_a_message_naming_the_problem(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => OptionValues.ParseWidths(text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Widths_parse_with_spaces() => Assert.Equal(new[] { 500, 8, 500 }, OptionValues.ParseWidths(" 500, 8 ,500"));

    [Theory]
    [InlineData("2GB", 2L << 30)]
    [InlineData("512MB", 512L << 20)]
    [InlineData("2", 2L << 30)]
    [InlineData("0.5 GB", 1L << 29)]
    [InlineData("64KB", 64L << 10)]
    [InlineData("100B", 100)]
    public void Sizes_parse_to_bytes(string text, long bytes) => Assert.Equal(bytes, OptionValues.ParseSize(text));

    [Theory]
    [InlineData("-1GB")]
    [InlineData("0")]
    [InlineData("lots")]
    [InlineData("1e30TB")]
    [InlineData("NaN")]
    public void Bad_sizes_are_refused(string text) => Assert.Throws<FormatException>(() => OptionValues.ParseSize(text));

    [Theory]
    [InlineData("99999999999", "out of range")]
    [InlineData("1.5", "not a whole number")]
    [InlineData("ten", "not a whole number")]
    public void Integers_out_of_range_or_malformed_are_refused(string text, string expected) =>
        Assert.Contains(expected, Assert.Throws<FormatException>(() => OptionValues.ParseInteger(text, typeof(int))).Message);

    [Theory]
    [InlineData("relu", Activation.Relu)]
    [InlineData("GELU", Activation.Gelu)]
    [InlineData("i-d-e-n-t-i-t-y", Activation.Identity)]
    public void Enum_names_parse_ignoring_case_and_dashes(string text, Activation expected) =>
        Assert.Equal(expected, OptionValues.ParseEnum<Activation>(text));

    [Fact]
    public void Unknown_enum_names_list_the_valid_ones() =>
        Assert.Equal("'swish' is unknown; use relu, gelu, tanh, identity",
            Assert.Throws<FormatException>(() => OptionValues.ParseEnum<Activation>("swish")).Message);
}
