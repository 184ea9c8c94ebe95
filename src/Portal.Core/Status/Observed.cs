namespace Portal.Core.Status;

/// <summary>
/// The last known value of something read from AWS, when it was read, and whether the latest attempt
/// failed. A failed read keeps the last value (on-call still sees it) and records the error and its time.
/// </summary>
public sealed record Observed<T>(T? Value, DateTimeOffset? ObservedAt, string? Error, DateTimeOffset? FailedAt) where T : class
{
    public static Observed<T> None { get; } = new(null, null, null, null);

    public bool HasValue => Value is not null;

    public Observed<T> Succeeded(T value, DateTimeOffset at) => new(value, at, null, null);

    public Observed<T> Failed(string error, DateTimeOffset at) => this with { Error = error, FailedAt = at };

    /// <summary>Stale when the latest read failed, or the value is older than <paramref name="maxAge"/>, or there is none.</summary>
    public bool IsStale(DateTimeOffset now, TimeSpan maxAge) => Error is not null || ObservedAt is null || now - ObservedAt.Value > maxAge;

    public TimeSpan? Age(DateTimeOffset now) => ObservedAt is null ? null : now - ObservedAt.Value;
}
