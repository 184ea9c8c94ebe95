using Portal.Core.Text;

namespace Portal.Core.Tests.Text;

public class UntrustedTextTests
{
    [Fact]
    public void Line_breaks_and_other_controls_are_escaped_so_no_line_can_be_forged() =>
        Assert.Equal("v2\\r\\nAudit: deploy succeeded\\u0000\\u2028", UntrustedText.Bound("v2\r\nAudit: deploy succeeded\0\u2028"));

    [Fact]
    public void A_megabyte_is_cut_to_the_bound_with_its_length_noted()
    {
        var shown = UntrustedText.Bound(new string('a', 1_048_576));
        Assert.Equal(new string('a', UntrustedText.MaxLength) + "… (1048576 characters)", shown);
    }

    [Fact]
    public void A_lone_surrogate_is_escaped_and_a_pair_kept() =>
        Assert.Equal("\\ud800x😀", UntrustedText.Bound("\ud800x😀"));

    [Theory]
    [InlineData("v2\n", true)]
    [InlineData("\u0085", true)]
    [InlineData("v2", false)]
    public void Controls_are_recognised(string text, bool expected) => Assert.Equal(expected, UntrustedText.HasControl(text));
}
