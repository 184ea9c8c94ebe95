using Portal.Core.Services;
using Portal.Core.Topology;

namespace Portal.Core.Operations;

/// <summary>Pauses or resumes an environment's services (all regions in rollout order, or one), each only from the state it expects.</summary>
public sealed class PauseResumeRunner(IServiceRuntime runtime, ServiceSteps services)
{
    public async Task<string> RunAsync(OperationRun run, EnvironmentTopology env, string? onlyRegion, bool pause)
    {
        var verb = pause ? "pause" : "resume";
        var from = pause ? ServiceStatus.Running : ServiceStatus.Paused;
        var to = pause ? ServiceStatus.Paused : ServiceStatus.Running;
        var regions = env.Regions.Where(r => onlyRegion is null || r.Region == onlyRegion).ToList();

        foreach (var region in regions)
        {
            var r = region.Region;
            if (RuntimeSupport.PauseUnavailable(region) is { } unavailable)
            {
                await run.StepAsync($"{r}: {verb}", step => { step.Skip(unavailable); return Task.CompletedTask; });
                continue;
            }
            await run.StepAsync($"{r}: {verb}", async step =>
            {
                var state = await runtime.DescribeAsync(r, region.ServiceArn, run.CancellationToken);
                if (state.Status == to)
                {
                    step.Skip($"{r} is already {to.ToAwsName()}.");
                    return;
                }
                if (state.Status == ServiceStatus.OperationInProgress && step.Resumed)
                {
                    step.Done($"An App Runner operation was already in progress when the portal came back; not calling {verb} a second time.");
                    return;
                }
                if (state.Status != from)
                    throw new StepFailedException($"{r} is {state.Status.ToAwsName()}; only a {from.ToAwsName()} service can be " +
                        $"{(pause ? "paused" : "resumed")}. Nothing was changed in {r}.");
                var operationId = pause
                    ? await runtime.PauseAsync(r, region.ServiceArn, run.CancellationToken)
                    : await runtime.ResumeAsync(r, region.ServiceArn, run.CancellationToken);
                // The model makes OperationId optional in these answers: without it the wait follows DescribeService alone.
                if (operationId is not null) step.Data["operationId"] = operationId;
                step.Done($"{(pause ? "PauseService" : "ResumeService")} accepted: " +
                    (operationId is null ? "the answer named no operation; following the service's status." : $"App Runner operation {operationId}."));
            });

            await run.StepAsync($"{r}: wait until {to.ToAwsName()}", async step =>
            {
                var settled = await services.WaitUntilSettledAsync(step, region, to, pause ? "pausing" : "resuming");
                step.Done($"{r} is {settled.Status.ToAwsName()}.");
            });
        }
        return $"{(pause ? "Paused" : "Resumed")} {env.Name}: {await RegionStates.DescribeAsync(runtime, env, run.CancellationToken)}.";
    }
}
