namespace Portal.Hosting;

/// <summary>
/// Old addresses of renamed pages, kept so bookmarks and links in runbooks still work: the pause and resume page was
/// <c>/environments/{environment}/power</c>.
/// </summary>
public static class RenamedPages
{
    public static void MapRenamedPages(this WebApplication app)
    {
        // Permanent, and GET only: a form posts to its own page, so only a bookmarked or linked address arrives here.
        app.MapGet("/environments/{environment}/power", (string environment, HttpRequest request) =>
            Results.Redirect($"/environments/{Uri.EscapeDataString(environment)}/pause-resume{request.QueryString}", permanent: true));
    }
}
