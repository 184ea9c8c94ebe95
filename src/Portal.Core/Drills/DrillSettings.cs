namespace Portal.Core.Drills;

/// <summary>Failover drills (Portal:Drills): how long they may run and the objectives their reports are judged against.</summary>
public sealed class DrillSettings
{
    /// <summary>How long the region stays out of traffic when the request names no hold.</summary>
    public TimeSpan DefaultHold { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Objective: the region's traffic falls below <see cref="MovedShare"/> of its level before within this.</summary>
    public TimeSpan MoveObjective { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Traffic has moved when the region's requests a minute are below this share of their level before the drill.</summary>
    public double MovedShare { get; set; } = 0.05;

    /// <summary>When traffic has not moved after this long, the drill fails and restores.</summary>
    public TimeSpan MoveTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Objective: the other regions' 5xx share during the drill stays under this (0-1).</summary>
    public double Max5xxShare { get; set; } = 0.01;

    /// <summary>Objective: the other regions' p99 latency (worst minute) stays under this, in milliseconds.</summary>
    public double MaxP99Ms { get; set; } = 1000;

    public IEnumerable<string> Problems(string prefix = "Portal:Drills")
    {
        if (DefaultHold <= TimeSpan.Zero || DefaultHold > Operations.OperationRules.MaxDrillHold)
            yield return $"{prefix}:DefaultHold must be positive and at most {Operations.OperationRules.MaxDrillHold:hh\\:mm\\:ss}.";
        if (MoveObjective <= TimeSpan.Zero) yield return $"{prefix}:MoveObjective must be positive.";
        if (MoveTimeout < MoveObjective) yield return $"{prefix}:MoveTimeout must be at least MoveObjective.";
        if (MovedShare is <= 0 or >= 1) yield return $"{prefix}:MovedShare must be above 0 and below 1 (e.g. 0.05 for 5%).";
        if (Max5xxShare is <= 0 or >= 1) yield return $"{prefix}:Max5xxShare must be above 0 and below 1 (e.g. 0.01 for 1%).";
        if (MaxP99Ms <= 0) yield return $"{prefix}:MaxP99Ms must be positive.";
    }
}
