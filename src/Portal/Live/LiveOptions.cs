namespace Portal.Live;

/// <summary>The live-update streams (Portal:Live): heartbeats, the reconnect delay browsers are told, and the per-user limit.</summary>
public sealed class LiveOptions
{
    public const string Section = "Portal:Live";

    /// <summary>
    /// An event at least this often on an idle stream: proxies and load balancers close idle connections (an AWS ALB after
    /// 60 s by default, nginx after 60 s), and live.js treats a stream silent for 2.5 heartbeats as dead.
    /// </summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The SSE retry field: how long a browser waits before reconnecting after the stream drops.</summary>
    public TimeSpan Retry { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Open streams per signed-in user on this instance; one more is refused with 429 (a browser holds one per open page).</summary>
    public int MaxStreamsPerUser { get; set; } = 12;

    /// <summary>How often a job's record is read for its stream; one read per job however many watch it.</summary>
    public TimeSpan JobCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<string> Problems()
    {
        var s = Section;
        if (Heartbeat < TimeSpan.FromSeconds(1) || Heartbeat > TimeSpan.FromSeconds(55)) yield return $"{s}:Heartbeat must be between 00:00:01 and 00:00:55, " +
            $"under the usual 60 s proxy idle timeout (got {Heartbeat}).";
        if (Retry < TimeSpan.FromMilliseconds(500) || Retry > TimeSpan.FromMinutes(1)) yield return $"{s}:Retry must be between 00:00:00.5 and 00:01:00 (got " +
            $"{Retry}).";
        if (MaxStreamsPerUser is < 1 or > 10_000) yield return $"{s}:MaxStreamsPerUser must be 1-10000 (got {MaxStreamsPerUser}).";
        if (JobCheckInterval < TimeSpan.FromMilliseconds(50) || JobCheckInterval > TimeSpan.FromSeconds(30)) yield return $"{s}:JobCheckInterval must be " +
            $"between 00:00:00.05 and 00:00:30 (got {JobCheckInterval}).";
    }
}
