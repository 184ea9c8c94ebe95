using Portal.Core.Operations;
using Portal.Core.Services;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Operations;

/// <summary>
/// Two workers on one operation (the job engine handed it to a second instance while the first still ran it): the one
/// superseded makes no mutating call from then on, and the one that took over finishes from the last completed step.
/// </summary>
public sealed class OperationFencingTests
{
    private const string East1 = "arn:aws:apprunner:us-east-1:000000000000:service/webapp-staging/e1";
    private const string East2 = "arn:aws:apprunner:us-east-2:000000000000:service/webapp-staging/e2";

    private static readonly EnvironmentTopology Staging = new("staging", false, "Z123", "app.example.com", "webapp",
        [new RegionTopology("us-east-1", East1, "webapp", "hc-1", "use1"), new RegionTopology("us-east-2", East2, "webapp", "hc-2", "use2")]);

    private readonly InMemoryOperations _store = new(TimeProvider.System);
    private readonly FakeServiceRuntime _runtime = new FakeServiceRuntime().With(East1, ServiceStatus.Running).With(East2, ServiceStatus.Running);

    private PauseResumeRunner Runner() =>
        new(_runtime, new ServiceSteps(_runtime, new OperationSettings { PollInterval = TimeSpan.FromMilliseconds(5) }));

    private async Task<OperationRun> WorkerAsync(string owner, string operationId, IOperationLeases? leases = null)
    {
        var lease = await _store.TakeAsync(operationId, owner, "job-1");
        var record = (await _store.GetAsync(operationId))!;
        return new OperationRun(_store, record, TimeProvider.System, CancellationToken.None, new OperationFence(leases ?? _store, operationId, lease));
    }

    [Fact]
    public async Task A_worker_superseded_mid_rollout_makes_no_further_AWS_call_and_the_new_owner_finishes_without_repeating_one()
    {
        var record = await _store.CreateAsync(new OperationRequest(OperationKind.Pause, "staging", "olga"));
        var first = await WorkerAsync("portal-a/1", record.Id);
        // Right after the first worker's first PauseService, the job is handed to another instance, which takes the lease.
        var calls = 0;
        var runtime = new InterceptingRuntime(_runtime, async () =>
        {
            if (++calls == 1) await _store.TakeAsync(record.Id, "portal-b/1", "job-1");
        });
        var runner = new PauseResumeRunner(runtime, new ServiceSteps(runtime, new OperationSettings { PollInterval = TimeSpan.FromMilliseconds(5) }));

        var lost = await Assert.ThrowsAsync<LeaseLostException>(() => runner.RunAsync(first, Staging, null, pause: true));
        var callsOfFirst = _runtime.MutatingCalls.ToList();

        Assert.Contains("no longer owned by portal-a/1", lost.Message);
        Assert.Equal([("PauseService", East1)], callsOfFirst);
        // The new owner picks up from the record: us-east-1's pause is done, so it is not called again.
        var second = await WorkerAsync("portal-b/2", record.Id);
        await Runner().RunAsync(second, Staging, null, pause: true);
        Assert.Equal([("PauseService", East1), ("PauseService", East2)], _runtime.MutatingCalls);
        var steps = (await _store.GetAsync(record.Id))!.Steps;
        Assert.Single(steps, s => s is { Name: "us-east-1: pause", State: StepState.Succeeded });
        Assert.Single(steps, s => s is { Name: "us-east-2: pause", State: StepState.Succeeded });
    }

    [Fact]
    public async Task A_worker_that_cannot_reach_the_store_to_confirm_its_lease_stops_without_acting()
    {
        var record = await _store.CreateAsync(new OperationRequest(OperationKind.Pause, "staging", "olga", Region: "us-east-2"));
        var run = await WorkerAsync("portal-a/1", record.Id, new UnreachableLeases());

        var lost = await Assert.ThrowsAsync<LeaseLostException>(() => Runner().RunAsync(run, Staging, "us-east-2", pause: true));

        Assert.StartsWith("Could not confirm that portal-a/1 still owns operation", lost.Message);
        Assert.Empty(_runtime.MutatingCalls);
        Assert.Empty((await _store.GetAsync(record.Id))!.Steps);
    }

    [Fact]
    public async Task A_worker_whose_operation_ended_meanwhile_does_not_act()
    {
        var record = await _store.CreateAsync(new OperationRequest(OperationKind.Pause, "staging", "olga"));
        var run = await WorkerAsync("portal-a/1", record.Id);
        await _store.FinishAsync(record.Id, OperationState.Cancelled, "Cancelled before it started.");

        await Assert.ThrowsAsync<LeaseLostException>(() => Runner().RunAsync(run, Staging, null, pause: true));

        Assert.Empty(_runtime.MutatingCalls);
    }

    /// <summary>The store is down: nothing can be confirmed.</summary>
    private sealed class UnreachableLeases : IOperationLeases
    {
        public Task<OperationLease> TakeAsync(string operationId, string owner, string jobId, CancellationToken ct = default) => throw Down();
        public Task<bool> HoldsAsync(string operationId, OperationLease lease, CancellationToken ct = default) => throw Down();
        public Task SetJobAsync(string operationId, string jobId, CancellationToken ct = default) => throw Down();
        public Task<string?> JobOfAsync(string operationId, CancellationToken ct = default) => throw Down();
        public Task<bool> TryReplaceJobAsync(string operationId, string? expected, string replacement, CancellationToken ct = default) => throw Down();
        private static TimeoutException Down() => new("The database did not answer within 15 s.");
    }

    /// <summary>Runs <paramref name="afterMutating"/> after each mutating call, to interleave a takeover.</summary>
    private sealed class InterceptingRuntime(IServiceRuntime inner, Func<Task> afterMutating) : IServiceRuntime
    {
        public Task<ServiceState> DescribeAsync(string region, string serviceArn, CancellationToken ct = default)
            => inner.DescribeAsync(region, serviceArn, ct);
        public Task<IReadOnlyList<ServiceOperation>> ListOperationsAsync(string region, string serviceArn, int max = 20, CancellationToken ct = default) =>
            inner.ListOperationsAsync(region, serviceArn, max, ct);
        public async Task<ImageUpdate> UpdateImageAsync(string region, string serviceArn, string imageIdentifier, CancellationToken ct = default) =>
            await After(await inner.UpdateImageAsync(region, serviceArn, imageIdentifier, ct));
        public async Task<string?> PauseAsync(string region, string serviceArn, CancellationToken ct = default)
            => await After(await inner.PauseAsync(region, serviceArn, ct));
        public async Task<string?> ResumeAsync(string region, string serviceArn, CancellationToken ct = default)
            => await After(await inner.ResumeAsync(region, serviceArn, ct));

        private async Task<T> After<T>(T result)
        {
            await afterMutating();
            return result;
        }
    }
}
