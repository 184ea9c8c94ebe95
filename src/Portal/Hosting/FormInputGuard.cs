using Portal.Core.Text;

namespace Portal.Hosting;

/// <summary>
/// Refuses a posted form with a control character in any field, naming the field, before anything reads the form.
/// ASP.NET's form reader throws on a NUL ("%00"), which the antiforgery check reported as a bare "invalid token" 400;
/// other control characters (a CR/LF in a tag) would reach the handlers. No form of the portal takes multi-line text.
/// </summary>
public static class FormInputGuard
{
    public static WebApplication UsePortalFormGuard(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType
                && await RefusedFieldAsync(context.Request) is { } field)
            {
                await Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [Api.JsonText.NoControl] },
                    title: "The form was refused; nothing was queued or changed.").ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        return app;
    }

    // The first field holding a control character, or null; the form stays read (cached) for the handlers.
    private static async Task<string?> RefusedFieldAsync(HttpRequest request)
    {
        request.EnableBuffering();
        try
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            foreach (var (name, values) in form)
                if (UntrustedText.HasControl(name) || values.Any(v => v is not null && UntrustedText.HasControl(v))) return UntrustedText.Bound(name);
            return null;
        }
        catch (InvalidDataException)
        {
            // The reader does not say which field; the raw body does (names and values percent-decoded by hand).
            request.Body.Position = 0;
            using var reader = new StreamReader(request.Body, leaveOpen: true);
            foreach (var pair in (await reader.ReadToEndAsync(request.HttpContext.RequestAborted)).Split('&'))
            {
                var parts = pair.Split('=', 2);
                var name = Decode(parts[0]);
                if (UntrustedText.HasControl(name) || (parts.Length == 2 && UntrustedText.HasControl(Decode(parts[1])))) return UntrustedText.Bound(name);
            }
            return "body";
        }
    }

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
