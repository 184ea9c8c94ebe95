using Hangfire;

namespace Portal.Jobs;

public static class JobsDashboard
{
    public const string Path = "/hangfire";

    /// <summary>
    /// Hangfire's dashboard at /hangfire, behind the portal's own sign-in: any signed-in user (operator or viewer) sees it,
    /// anonymous users are sent to sign in like on every page. Read-only for everyone: requeueing or deleting a job there
    /// would bypass the portal's records, guardrails and audit; the portal's Jobs pages keep Cancel and Retry.
    /// </summary>
    public static IEndpointConventionBuilder MapJobsDashboard(this IEndpointRouteBuilder endpoints)
    {
        var storage = endpoints.ServiceProvider.GetRequiredService<JobStorage>();
        return endpoints.MapHangfireDashboard(Path, new DashboardOptions
        {
            // The portal's authorization policy below decides who gets in; Hangfire's own default would admit local requests only.
            Authorization = [],
            AsyncAuthorization = [],
            IsReadOnlyFunc = _ => true,
            AppPath = "/jobs",
            DashboardTitle = "Portal jobs (Hangfire)",
            DisplayStorageConnectionString = false,
        }, storage)
        // Any signed-in role: the dashboard's own live-update calls are POSTs that change nothing, which the portal's
        // default policy would reserve for operators.
        .RequireAuthorization(p => p.RequireAuthenticatedUser());
    }
}
