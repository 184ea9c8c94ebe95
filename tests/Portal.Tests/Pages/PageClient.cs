using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Operations;
using Portal.Security;
using Portal.Tests.Security;

namespace Portal.Tests.Pages;

/// <summary>
/// A browser without the browser: reads pages and posts their forms as a form would, antiforgery token and cookie
/// included (taken from the page the form is on). Redirects are not followed, so a test sees Post-Redirect-Get.
/// </summary>
internal sealed partial class PageClient(HttpClient http)
{
    public HttpClient Http => http;

    /// <summary>The fixed local token: an Operator, as local mode's sign-in link makes one.</summary>
    public static PageClient Operator(PortalApplication app) =>
        new(app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

    public const string ViewerName = "vera";
    public const string ViewerPassword = "correct-horse-battery-viewer-17";

    /// <summary>Adds the local user <see cref="ViewerName"/> with the Viewer role; call before the app starts.</summary>
    public static PortalApplication WithViewer(PortalApplication app) => app
        .With("Portal:Auth:LocalUsers:0:Username", ViewerName)
        .With("Portal:Auth:LocalUsers:0:PasswordHash", LocalPasswords.Hash(ViewerPassword))
        .With("Portal:Auth:LocalUsers:0:Roles:0", PortalRoles.Viewer);

    /// <summary>Signed in with the password form as <see cref="ViewerName"/> (see <see cref="WithViewer"/>).</summary>
    public static async Task<PageClient> ViewerAsync(PortalApplication app)
    {
        var client = app.CreateAnonymousClient();
        var response = await client.PostAsync("/signin", await SecureHost.SignInFormAsync(client, ViewerName, ViewerPassword));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new PageClient(client);
    }

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string url)
    {
        var response = await http.GetAsync(url);
        return (response.StatusCode, await HtmlAsync(response));
    }

    /// <summary>Reads <paramref name="url"/> until it satisfies <paramref name="condition"/> (the board fills in as the collector reads); returns it.</summary>
    public async Task<string> WhenAsync(string url, Func<string, bool> condition, string what)
    {
        var html = "";
        Assert.True(await Eventually.Async(async () => condition(html = (await GetAsync(url)).Html)), $"{url} never showed {what}:\n{html}");
        return html;
    }

    /// <summary>Posts <paramref name="fields"/> to <paramref name="pageUrl"/>'s <paramref name="handler"/> with the token from that page.</summary>
    public async Task<HttpResponseMessage> PostAsync(string pageUrl, string? handler, params (string Name, string Value)[] fields)
    {
        var page = await http.GetStringAsync(pageUrl);
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("__RequestVerificationToken", SecureHost.AntiforgeryToken(page)));
        var separator = pageUrl.Contains('?') ? '&' : '?';
        return await http.PostAsync(handler is null ? pageUrl : $"{pageUrl}{separator}handler={handler}", new FormUrlEncodedContent(form));
    }

    /// <summary>Posts a form that must queue a job: answers 302 to the job page. Returns the job id.</summary>
    public async Task<string> QueueAsync(string pageUrl, string? handler, params (string Name, string Value)[] fields)
    {
        var response = await PostAsync(pageUrl, handler, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{pageUrl} answered {(int)response.StatusCode}: {await HtmlAsync(response)}");
        var location = response.Headers.Location?.OriginalString ?? "";
        Assert.Matches(JobPath(), location);
        return location["/jobs/".Length..];
    }

    public static async Task<string> HtmlAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>The text of the field error shown for <paramref name="field"/>, or null when there is none.</summary>
    public static string? FieldError(string html, string field) =>
        Regex.Match(html, $"<p id=\"{Regex.Escape(field)}-error\"[^>]*>([^<]*)</p>") is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>The "Nothing was queued" box at the top of a refused form's page.</summary>
    public static string ErrorSummary(string html)
    {
        var from = html.IndexOf("data-testid=\"error-summary\"", StringComparison.Ordinal);
        Assert.True(from >= 0, "no error summary on the page");
        return html[from..html.IndexOf("</section>", from, StringComparison.Ordinal)];
    }

    /// <summary>Waits until the job has ended (a bound of 60 s, not a measured time) and returns it.</summary>
    public static async Task<OperationRecord> FinishedAsync(PortalApplication app, string id)
    {
        var store = app.Services.GetRequiredService<IOperationStore>();
        var (job, finished) = await Eventually.ValueAsync(() => store.GetAsync(id), j => j?.IsFinished == true, TimeSpan.FromSeconds(60));
        Assert.True(finished, $"job {id} did not finish: {job}");
        return job!;
    }

    public static async Task<int> JobCountAsync(PortalApplication app) =>
        (await app.Services.GetRequiredService<IOperationStore>().ListAsync(new OperationQuery())).Total;

    [GeneratedRegex("^/jobs/op-[0-9a-f]+$")]
    private static partial Regex JobPath();
}
