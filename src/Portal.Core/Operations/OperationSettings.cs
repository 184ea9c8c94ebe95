namespace Portal.Core.Operations;

/// <summary>
/// How long the portal waits and what it accepts while it acts (Portal:Operations). Defaults suit AWS; local
/// mode and tests shorten them to match LocalCloud's scaled clock.
/// </summary>
public sealed class OperationSettings
{
    /// <summary>Between two looks at something the portal is waiting for (an image, a deployment, a Route 53 change).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a region waits for the image to replicate into its ECR before the deployment fails.</summary>
    public TimeSpan ImageWaitTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an App Runner deployment, pause or resume may take.</summary>
    public TimeSpan ServiceOperationTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a Route 53 change may stay PENDING.</summary>
    public TimeSpan ChangeSyncTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After a region is deployed: how long it must stay healthy before the next region goes.</summary>
    public TimeSpan BakeTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The 5xx share of requests (0-1) above which a bake fails.</summary>
    public double Max5xxRate { get; set; } = 0.05;

    /// <summary>Fewer requests than this in the bake window say nothing about the 5xx rate.</summary>
    public int Min5xxSample { get; set; } = 20;

    /// <summary>Roll a failed region back to its previous image (on unless switched off).</summary>
    public bool RollbackOnFailure { get; set; } = true;

    public IEnumerable<string> Problems(string prefix = "Portal:Operations")
    {
        if (PollInterval <= TimeSpan.Zero) yield return $"{prefix}:PollInterval must be positive.";
        if (ImageWaitTimeout <= TimeSpan.Zero) yield return $"{prefix}:ImageWaitTimeout must be positive.";
        if (ServiceOperationTimeout <= TimeSpan.Zero) yield return $"{prefix}:ServiceOperationTimeout must be positive.";
        if (ChangeSyncTimeout <= TimeSpan.Zero) yield return $"{prefix}:ChangeSyncTimeout must be positive.";
        if (BakeTime < TimeSpan.Zero) yield return $"{prefix}:BakeTime must not be negative.";
        if (Max5xxRate is < 0 or > 1) yield return $"{prefix}:Max5xxRate must be between 0 and 1 (a share of requests).";
        if (Min5xxSample < 0) yield return $"{prefix}:Min5xxSample must not be negative.";
    }
}
