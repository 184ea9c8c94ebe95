namespace Portal.Core.Status;

/// <summary>Which portal instance reads AWS for the board, and when this instance last had its facts.</summary>
/// <param name="CollectedBy">The collecting instance, or null while none is known (no lease taken yet).</param>
/// <param name="ThisInstance">True when the board's facts come from this instance's own reads.</param>
/// <param name="PublishedAt">When the facts on the board were published by the collecting instance (its clock).</param>
/// <param name="StretchedTo">How often each environment is read when AWS's API budgets make it less often than the refresh interval; null when they do
/// not.</param>
/// <param name="CheckersEvery">How often each region's Route 53 checker detail (GetHealthCheckStatus) is read when its budget makes it less often than the
/// refresh interval.</param>
/// <param name="Throttling">What AWS's throttling answers of the last 10 minutes did to the collector's reads, one sentence per budget (never silent).</param>
public sealed record CollectorInfo(string? CollectedBy, bool ThisInstance, DateTimeOffset? PublishedAt, TimeSpan? StretchedTo = null,
    TimeSpan? CheckersEvery = null, IReadOnlyList<string>? Throttling = null)
{
    public static CollectorInfo Unknown { get; } = new(null, false, null);

    /// <summary>"collected by portal-b (this instance)" or "collected by portal-a", as the dashboard and the API say it.</summary>
    public string Describe() =>
        (CollectedBy is null ? "no instance collects yet" : $"collected by {CollectedBy}{(ThisInstance ? " (this instance)" : "")}") +
        (StretchedTo is { } every ? $"; each environment read every {Time.Ago.Describe(every)} to stay within AWS's API budgets" : "") +
        (CheckersEvery is { } detail ? $"; Route 53 checker detail every {Time.Ago.Describe(detail)} (GetHealthCheckStatus budget), each region's health " +
            $"from CloudWatch meanwhile" : "");
}
