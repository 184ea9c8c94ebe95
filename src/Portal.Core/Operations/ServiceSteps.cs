using Portal.Core.Services;
using Portal.Core.Topology;

namespace Portal.Core.Operations;

/// <summary>Service waits (App Runner or ECS Express) shared by deploy, rollback, pause and resume: poll DescribeService until the service settles.</summary>
public sealed class ServiceSteps(IServiceRuntime runtime, OperationSettings settings)
{
    /// <summary>
    /// Polls until the service leaves OPERATION_IN_PROGRESS (and, when <paramref name="wanted"/> is given, reaches it),
    /// reporting progress; throws <see cref="StepFailedException"/> on timeout or when it settles elsewhere.
    /// </summary>
    public async Task<ServiceState> WaitUntilSettledAsync(StepScope step, RegionTopology region, ServiceStatus? wanted, string what)
    {
        var run = step.Run;
        var deadline = run.Time.GetUtcNow() + settings.ServiceOperationTimeout;
        while (true)
        {
            var state = await runtime.DescribeAsync(region.Region, region.ServiceArn, run.CancellationToken);
            if (state.Status != ServiceStatus.OperationInProgress)
            {
                if (wanted is null || state.Status == wanted) return state;
                throw new StepFailedException($"{region.Region}: {what} ended with the service {state.Status.ToAwsName()}, not {wanted.Value.ToAwsName()}.");
            }
            var latest = (await runtime.ListOperationsAsync(region.Region, region.ServiceArn, 1, run.CancellationToken)).FirstOrDefault();
            await step.ReportAsync($"{region.Region}: {what}: service {state.Status.ToAwsName()}" +
                (latest is null ? "" : $", operation {latest.Type.ToAwsName()} {latest.Status.ToAwsName()}"));
            if (run.Time.GetUtcNow() >= deadline)
                throw new StepFailedException($"{region.Region}: {what} did not finish within {Format.Span(settings.ServiceOperationTimeout)}; the service " +
                    $"is still OPERATION_IN_PROGRESS.");
            await run.DelayAsync(settings.PollInterval);
        }
    }

    /// <summary>The service's newest operation (App Runner operation, ECS service deployment), to explain how a change ended.</summary>
    public async Task<string> LatestOperationAsync(RegionTopology region, CancellationToken ct)
    {
        var latest = (await runtime.ListOperationsAsync(region.Region, region.ServiceArn, 1, ct)).FirstOrDefault();
        var noun = region.Runtime == RegionRuntime.EcsExpress ? "ECS service deployment" : "App Runner operation";
        if (latest is null) return $"no {noun} listed";
        var rolledBack = region.Runtime == RegionRuntime.EcsExpress && latest.Status == OperationStatus.RollbackSucceeded
            ? " (ECS rolled the service back to its previous revision)" : "";
        return $"{noun} {latest.Type.ToAwsName()} ended {latest.Status.ToAwsName()}{rolledBack}" + (latest.Reason is { } reason ? $": {reason}" : "");
    }
}

/// <summary>Durations and shares as an operator reads them.</summary>
public static class Format
{
    public static string Span(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" :
        span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" :
        span.TotalSeconds >= 1 ? $"{span.TotalSeconds:0.#} s" : $"{span.TotalMilliseconds:0} ms";

    public static string Percent(double share) => $"{share * 100:0.#}%";
}
