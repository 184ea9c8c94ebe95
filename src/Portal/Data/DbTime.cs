namespace Portal.Data;

/// <summary>
/// Times as stored: UTC ticks (100 ns) in a bigint. Unix milliseconds would truncate what callers hand in (an audit
/// event's time, a schedule's UpdatedAt) and so break equality on the way back; ticks keep every digit.
/// </summary>
public static class DbTime
{
    public static long ToDb(DateTimeOffset time) => time.UtcTicks;

    public static long? ToDb(DateTimeOffset? time) => time?.UtcTicks;

    public static DateTimeOffset FromDb(long ticks) => new(ticks, TimeSpan.Zero);

    public static DateTimeOffset? FromDb(long? ticks) => ticks is { } t ? FromDb(t) : null;
}
