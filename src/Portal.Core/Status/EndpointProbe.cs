namespace Portal.Core.Status;

/// <summary>The portal's own look at a regional endpoint's health route, independent of Route 53's API.</summary>
public interface IEndpointProbe
{
    /// <summary>Never throws for an unreachable endpoint: that is a result, with the reason in <see cref="ProbeResult.Detail"/>.</summary>
    Task<ProbeResult> ProbeAsync(string serviceUrl, CancellationToken ct = default);
}
