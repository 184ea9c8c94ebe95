using Portal.Core.Services;
using Portal.Core.Topology;

namespace Portal.Core.Operations;

/// <summary>"us-east-1 RUNNING v2, us-east-2 RUNNING v1": how an outcome says what state each region is in.</summary>
public static class RegionStates
{
    public static async Task<string> DescribeAsync(IServiceRuntime runtime, EnvironmentTopology env, CancellationToken ct)
    {
        var parts = new List<string>();
        foreach (var region in env.Regions)
        {
            try
            {
                var state = await runtime.DescribeAsync(region.Region, region.ServiceArn, ct);
                parts.Add($"{region.Region} {state.Status.ToAwsName()} {state.ImageTag}");
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                parts.Add($"{region.Region} unknown ({ex.Message})");
            }
        }
        return string.Join(", ", parts);
    }
}
