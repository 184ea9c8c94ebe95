using Hangfire;

namespace Portal.Jobs;

public static class JobsDashboard
{
    public const string Path = "/hangfire";

    /// <summary>
    /// Hangfire's dashboard at /hangfire, behind the portal's own sign-in and its default policy like every page: any
    /// signed-in user reads it (GET), anonymous users are sent to sign in, and a viewer's POST is refused with 403 as
    /// everywhere (so a viewer's page does not refresh its live counters, which Hangfire fetches by POST). Read-only for
    /// everyone, operators included: requeueing or deleting a job there would bypass the portal's records, guardrails
    /// and audit; the portal's Jobs pages keep Cancel and Retry.
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
        }, storage);
    }
}
