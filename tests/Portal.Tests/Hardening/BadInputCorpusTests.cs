using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Schedules;
using Portal.Tests.Jobs;
using Portal.Tests.Pages;
using Portal.Tests.Security;

namespace Portal.Tests.Hardening;

/// <summary>
/// Every action endpoint and every action form against the same classes of bad input (types, sizes, encodings,
/// control characters, unknown names, duplicates, missing and extra fields): each is a 4xx naming the field, with the
/// security headers, and queues nothing.
/// </summary>
public sealed class BadInputCorpusTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private readonly JobsClient _jobs = new(app);

    private static readonly string[] Actions =
    [
        "/api/environments/staging/deployments",
        "/api/environments/staging/weights",
        "/api/environments/staging/pause",
        "/api/environments/staging/resume",
        "/api/environments/staging/rollback",
        "/api/environments/staging/drills",
    ];

    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    /// <summary>(what, body bytes, content type, field the refusal names). Field "*" is each action's first field.</summary>
    private static IEnumerable<(string What, byte[] Body, string? ContentType, string Field)> Bodies()
    {
        byte[] Json(string text) => Utf8.GetBytes(text);
        yield return ("a newline after the value", Json("""{"@":"v2\n"}"""), "application/json", "*");
        yield return ("a NUL", Json("""{"@":"v\u00002"}"""), "application/json", "*");
        yield return ("a lone surrogate", Json("""{"@":"\ud800"}"""), "application/json", "*");
        yield return ("a lone surrogate in a name", Json("""{"\udc00":"x"}"""), "application/json", "body");
        yield return ("invalid UTF-8", [.. Json("""{"@":"v"""), 0xFF, 0xFE, .. Json("\"}")], "application/json", "*");
        yield return ("a duplicate field", Json("""{"confirmEnvironment":"staging","confirmEnvironment":"staging"}"""), "application/json",
            "confirmEnvironment");
        yield return ("an unknown field", Json("""{"everything":true}"""), "application/json", "everything");
        yield return ("a wrong type", Json("""{"@":[1]}"""), "application/json", "*");
        yield return ("not an object", Json("""["v2"]"""), "application/json", "body");
        yield return ("not JSON", Json("imageTag=v2"), "application/x-www-form-urlencoded", "body");
        yield return ("JSON sent as text", Json("""{"@":"v2"}"""), "text/plain", "body");
        yield return ("a JSON look-alike type", Json("""{"@":"v2"}"""), "application/jsonp", "body");
        yield return ("no content type", Json("""{"@":"v2"}"""), null, "body");
        yield return ("too large", Json($$"""{"@":"{{new string('a', 20_000)}}"}"""), "application/json", "body");
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var action in Actions)
            foreach (var body in Bodies())
                data.Add(action, body.What);
        return data;
    }

    // Bytewise, so a body that is not valid UTF-8 stays exactly as it is.
    private static byte[] Replace(byte[] body, byte[] from, byte[] to)
    {
        var at = body.AsSpan().IndexOf(from);
        return at < 0 ? body : [.. body[..at], .. to, .. body[(at + from.Length)..]];
    }

    private static string FirstField(string action) => action.Split('/')[^1] switch
    {
        "deployments" => "imageTag",
        "weights" => "weights",
        "pause" or "resume" => "region",
        "drills" => "kind",
        _ => "confirmEnvironment",
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task An_action_refuses_bad_input_naming_the_field_and_queues_nothing(string action, string what)
    {
        var (_, raw, contentType, field) = Bodies().Single(b => b.What == what);
        var first = FirstField(action);
        var body = Replace(raw, Utf8.GetBytes("\"@\""), Utf8.GetBytes($"\"{first}\""));
        field = field == "*" ? first : field;
        var before = await _jobs.JobCountAsync();

        // A stream of unknown length goes chunked, as a client without Content-Length sends it.
        var content = new StreamContent(new MemoryStream(body));
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var response = await _jobs.Http.PostAsync(action, content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{what} at {action}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"{what} at {action}: no error for {field}: {text}");
        Assert.True(response.Headers.Contains("Content-Security-Policy"), "no security headers");
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(before, await _jobs.JobCountAsync());
    }

    public static TheoryData<string, string?, string, string, string> Forms() => new()
    {
        // page, handler, field as posted, value, field as the refusal names it
        { "/environments/staging/deploy", null, "Input.ImageTag", "v2\n", "Input.ImageTag" },
        { "/environments/staging/deploy", null, "Input.ImageTag", "v\02", "Input.ImageTag" },
        { "/environments/staging/deploy", "Rollback", "Rollback.ConfirmEnvironment", "staging\r\nforged", "Rollback.ConfirmEnvironment" },
        { "/environments/staging/rebalance", null, "Input.Weights[us-east-1]", "1\0", "Input.Weights[us-east-1]" },
        { "/environments/staging/pause-resume", "Pause", "Input.Region", "us-east-2\0", "Input.Region" },
        { "/environments/staging/pause-resume", "Resume", "Input.Region", "us-east-2\n", "Input.Region" },
        { "/schedules/edit", null, "Input.TimeZone", "UTC\0", "Input.TimeZone" },
        { "/drills", null, "Input.Region", "us-east-2\n", "Input.Region" },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task A_form_with_a_control_character_is_refused_at_the_field_not_as_a_bad_token(string page, string? handler, string name, string value,
        string field)
    {
        var client = PageClient.Operator(app);
        var before = await _jobs.JobCountAsync();

        var response = await client.PostAsync(page, handler, (name, value), ("Input.ImageTag", "v2"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
        Assert.True(response.Headers.Contains("Content-Security-Policy"), "no security headers");
        Assert.Equal(before, await _jobs.JobCountAsync());
    }

    [Theory]
    [InlineData("/environments/staging/deploy", "Input.Drain", "drain")]
    [InlineData("/environments/staging/rebalance", "Input.AllowAllZero", "allowAllZero")]
    public async Task A_form_boolean_that_is_not_true_or_false_is_a_field_error(string page, string name, string field)
    {
        var client = PageClient.Operator(app);
        var before = await _jobs.JobCountAsync();

        var response = await client.PostAsync(page, null, ("Input.ImageTag", "v2"), (name, "maybe"));
        var html = await PageClient.HtmlAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("maybe", PageClient.FieldError(html, field) ?? "");
        Assert.Equal(before, await _jobs.JobCountAsync());
    }

    [Fact]
    public async Task A_schedule_with_Enabled_maybe_is_refused_at_its_field_and_not_saved()
    {
        var client = PageClient.Operator(app);
        var store = app.Services.GetRequiredService<IScheduleStore>();
        var before = (await store.ListAsync()).Count;
        var html = await client.Http.GetStringAsync("/schedules/edit");
        var response = await client.Http.PostAsync("/schedules/edit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Environment"] = "staging", ["Input.Region"] = "", ["Input.PauseCron"] = "0 19 * * 1-5", ["Input.ResumeCron"] = "0 8 * * 1-5",
            ["Input.TimeZone"] = "UTC", ["Input.Enabled"] = "maybe", ["__RequestVerificationToken"] = SecureHost.AntiforgeryToken(html),
        }));
        var page = await PageClient.HtmlAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("data-testid=\"error-enabled\"[^>]*>[^<]*maybe", page);
        Assert.Equal(before, (await store.ListAsync()).Count);
    }
}
