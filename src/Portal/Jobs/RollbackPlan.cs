using Portal.Core.Operations;
using Portal.Core.Topology;

namespace Portal.Jobs;

/// <summary>
/// What "previous image" means for a rollback: the images every region ran before the environment's newest
/// deployment, as that deployment's check step recorded them.
/// </summary>
public static class RollbackPlan
{
    public static async Task<IReadOnlyDictionary<string, string>?> PreviousImagesAsync(IOperationStore store, EnvironmentTopology env, CancellationToken ct)
    {
        foreach (var deploy in await store.RecentAsync(env.Name, OperationKind.Deploy, 20, ct))
        {
            var check = deploy.Steps.LastOrDefault(s => s.Name == DeploymentRunner.CheckStep && s.State == StepState.Succeeded);
            if (check?.Data is null) continue;
            var previous = System.Text.Json.Nodes.JsonNode.Parse(check.Data)?["previous"]?.AsObject();
            if (previous is null || env.Regions.Any(r => previous[r.Region] is null)) continue;
            return env.Regions.ToDictionary(r => r.Region, r => (string)previous[r.Region]!);
        }
        return null;
    }
}
