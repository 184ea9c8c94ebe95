using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Portal.Pages.Shared;

/// <summary>
/// <c>&lt;p portal-errors-for="imageTag"&gt;</c>: the refusals for one field, next to it, or nothing. The key is the
/// JSON API's field name (the keys of <c>OperationValidationException.Errors</c>), so a page shows exactly what the
/// API would answer, field by field. The element gets the id <c>&lt;key&gt;-error</c> for the field's aria-describedby.
/// </summary>
[HtmlTargetElement(Attributes = AttributeName)]
public sealed class FieldErrorsTagHelper : TagHelper
{
    public const string AttributeName = "portal-errors-for";

    [HtmlAttributeName(AttributeName)]
    public string Field { get; set; } = "";

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var messages = FieldErrors.Of(ViewContext, Field);
        if (messages.Count == 0)
        {
            output.SuppressOutput();
            return;
        }
        output.Attributes.SetAttribute("id", Field + "-error");
        output.AddClass("field-error", System.Text.Encodings.Web.HtmlEncoder.Default);
        output.Attributes.SetAttribute("data-error-for", Field);
        output.Content.SetContent(string.Join(" ", messages));
    }
}

/// <summary>
/// <c>&lt;input portal-field="imageTag"&gt;</c>: id and, when the field was refused, aria-invalid and aria-describedby
/// pointing at its message (see <see cref="FieldErrorsTagHelper"/>), so a screen reader reads the reason with the field.
/// </summary>
[HtmlTargetElement("input", Attributes = AttributeName)]
[HtmlTargetElement("select", Attributes = AttributeName)]
public sealed class FieldTagHelper : TagHelper
{
    public const string AttributeName = "portal-field";

    [HtmlAttributeName(AttributeName)]
    public string Field { get; set; } = "";

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (!output.Attributes.ContainsName("id")) output.Attributes.SetAttribute("id", Field);
        if (FieldErrors.Of(ViewContext, Field).Count == 0) return;
        output.Attributes.SetAttribute("aria-invalid", "true");
        output.Attributes.SetAttribute("aria-describedby", Field + "-error");
    }
}

public static class FieldErrors
{
    public static IReadOnlyList<string> Of(ViewContext view, string field) =>
        view.ViewData.ModelState.TryGetValue(field, out var entry) ? [.. entry.Errors.Select(e => e.ErrorMessage)] : [];
}
