using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Portal.Security;

/// <summary>
/// <c>&lt;button portal-operator-only ...&gt;</c> (or any element, e.g. a form): rendered for operators only, so
/// read-only users never see action buttons. The server refuses their posts anyway (the fallback policy); this
/// is about not offering what they cannot do. In code: <c>User.IsOperator()</c>.
/// </summary>
[HtmlTargetElement(Attributes = AttributeName)]
public sealed class OperatorOnlyTagHelper : TagHelper
{
    public const string AttributeName = "portal-operator-only";

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    // Before the form tag helper adds its antiforgery field to something that will not be shown.
    public override int Order => -1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        output.Attributes.RemoveAll(AttributeName);
        if (!ViewContext.HttpContext.User.IsOperator()) output.SuppressOutput();
    }
}
