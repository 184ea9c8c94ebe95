using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Portal.Core.Audit;

namespace Portal.Security;

/// <summary>
/// Failed bearer authentication, counted per source address in one-minute windows: past the sign-in limit
/// (Portal:Auth:SignInAttemptsPerMinute) the source gets 429 before any token is checked, so guessing a token is as
/// slow as guessing a password. The audit trail gets counts, not a row per guess: the first failure of a window, the
/// moment the limit is reached, and how many more were refused once the window is over.
/// </summary>
public sealed class BearerFailures(IOptions<AuthOptions> auth, IAuditLog audit, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private sealed class Counter
    {
        public DateTimeOffset Start;
        public int Failures;
        public int Refused;
    }

    private readonly ConcurrentDictionary<string, Counter> _bySource = new(StringComparer.Ordinal);

    /// <summary>When <paramref name="source"/> is over the limit, how long until it may try again; null when it may try now.</summary>
    public async Task<TimeSpan?> BlockedForAsync(string source)
    {
        var now = time.GetUtcNow();
        var counter = _bySource.GetOrAdd(source, _ => new Counter { Start = now });
        int refusedBefore;
        lock (counter)
        {
            if (now - counter.Start < Window)
            {
                if (counter.Failures < auth.Value.SignInAttemptsPerMinute) return null;
                counter.Refused++;
                return counter.Start + Window - now;
            }
            refusedBefore = counter.Refused;
            (counter.Start, counter.Failures, counter.Refused) = (now, 0, 0);
        }
        if (refusedBefore > 0) await RecordAsync(source, $"{refusedBefore} more bearer requests refused unchecked (429) in the minute after the limit was " +
            $"reached");
        return null;
    }

    public async Task FailedAsync(string source, string detail)
    {
        var now = time.GetUtcNow();
        var counter = _bySource.GetOrAdd(source, _ => new Counter { Start = now });
        int failures;
        lock (counter)
        {
            if (now - counter.Start >= Window) (counter.Start, counter.Failures, counter.Refused) = (now, 0, 0);
            failures = ++counter.Failures;
        }
        var limit = auth.Value.SignInAttemptsPerMinute;
        if (failures == 1) await RecordAsync(source, detail);
        else if (failures == limit) await RecordAsync(source, $"{failures} failed bearer attempts within a minute ({detail}); further attempts from here get " +
            $"429 for the rest of the minute");
    }

    private ValueTask RecordAsync(string source, string detail) =>
        audit.RecordAsync(new AuditEvent(time.GetUtcNow(), "bearer", AuditActions.SignIn, AuditOutcomes.Refused, source, Detail: detail));
}

/// <summary>Answers 429 to a source over its bearer failure limit, before authentication reads the token.</summary>
public sealed class BearerFailureLimitMiddleware(RequestDelegate next, BearerFailures failures)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && await failures.BlockedForAsync(SourceOf(http)) is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed bearer attempts",
                detail: "Too many requests from this address had a token that was not valid; try again later.").ExecuteAsync(http);
            return;
        }
        await next(http);
    }

    public static string SourceOf(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
