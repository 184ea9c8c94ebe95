using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Portal.Security;

namespace Portal.Tests.Security;

public class OperatorOnlyTagHelperTests
{
    private static TagHelperOutput Render(params string[] roles)
    {
        var user = roles.Length == 0 ? new System.Security.Claims.ClaimsPrincipal() : PortalRoles.Principal("u", roles, "test", "test");
        var helper = new OperatorOnlyTagHelper { ViewContext = new ViewContext { HttpContext = new DefaultHttpContext { User = user } } };
        var output = new TagHelperOutput("button", new TagHelperAttributeList { { OperatorOnlyTagHelper.AttributeName, "" } },
            (_, _) => Task.FromResult<TagHelperContent>(new DefaultTagHelperContent()));
        output.Content.SetContent("Pause");
        helper.Process(new TagHelperContext(new TagHelperAttributeList(), new Dictionary<object, object>(), "id"), output);
        return output;
    }

    [Fact]
    public void An_operator_sees_the_action_button()
    {
        var output = Render(PortalRoles.Operator);

        Assert.Equal("button", output.TagName);
        Assert.Equal("Pause", output.Content.GetContent());
        Assert.False(output.Attributes.ContainsName(OperatorOnlyTagHelper.AttributeName));
    }

    [Theory]
    [InlineData(PortalRoles.Viewer)]
    [InlineData]
    public void A_viewer_or_nobody_never_sees_it(params string[] roles)
    {
        var output = Render(roles);

        Assert.Null(output.TagName);
        Assert.Empty(output.Content.GetContent());
    }
}
