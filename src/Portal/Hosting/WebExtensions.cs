using Microsoft.AspNetCore.Mvc;
using Portal.Api;
using Portal.Jobs;
using Portal.Live;
using Portal.Security;

namespace Portal.Hosting;

public static class WebExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// PORT (App Runner, Docker) wins and listens on every interface; otherwise --urls / ASPNETCORE_URLS;
    /// otherwise loopback 5080, so `dotnet run` never exposes the portal to the network by accident.
    /// </summary>
    public static void UsePortalUrls(this ConfigureWebHostBuilder webHost, IConfiguration configuration)
    {
        var port = configuration["PORT"];
        if (!string.IsNullOrWhiteSpace(port))
        {
            if (!int.TryParse(port, out var number) || number is < 1 or > 65535)
                throw new InvalidOperationException($"PORT must be a TCP port number (got '{port}').");
            webHost.UseUrls($"http://+:{number}");
        }
        else if (string.IsNullOrWhiteSpace(configuration["urls"]))
        {
            webHost.UseUrls(DefaultUrl);
        }
    }

    public static IServiceCollection AddPortalWeb(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            // Razor Pages validate antiforgery on posts already; said once here so it cannot be switched off per page.
            o.Conventions.ConfigureFilter(new AutoValidateAntiforgeryTokenAttribute());
        });
        // No checks registered: /healthz says the process serves HTTP, without calling AWS.
        services.AddHealthChecks();
        return services;
    }

    public static WebApplication UsePortalWeb(this WebApplication app)
    {
        // Every ValidateOnStart options type, checked now and together: the host would check them only after it has
        // built the hosted services, and the first of those to read a broken options type would report it alone.
        app.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        app.UsePortalSecurityHeaders();
        // Development's exception page (stack trace, source) is for the developer at this machine only; anyone else, and
        // everyone outside Development, gets the error page. Its headers are the security middleware's, set as it starts.
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/Error");
        else app.UseWhen(http => http.Connection.RemoteIpAddress is not { } ip || !System.Net.IPAddress.IsLoopback(ip), b => b.UseExceptionHandler("/Error"));
        app.UsePortalFormGuard();
        app.UseStaticFiles();
        app.UseRouting();
        app.UsePortalAccessControl();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapRazorPages();
        app.MapRenamedPages();
        app.MapStatusApi();
        app.MapFleetApi();
        app.MapLiveStreams();
        app.MapMetricsApi();
        app.MapJobsApi();
        app.MapDrillsApi();
        app.MapDrillSchedulesApi();
        app.MapJobsDashboard();
        foreach (var endpoints in app.Services.GetServices<IPortalEndpoints>()) endpoints.Map(app);
        return app;
    }
}

/// <summary>
/// Endpoints registered in DI are mapped on the portal's own routes, after its pipeline's authentication,
/// authorization and antiforgery: the security tests add a mutating endpoint this way to prove the policies
/// hold for endpoints nobody has written yet.
/// </summary>
public interface IPortalEndpoints
{
    void Map(IEndpointRouteBuilder endpoints);
}
