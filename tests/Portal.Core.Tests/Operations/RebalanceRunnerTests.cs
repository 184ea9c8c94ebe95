using Portal.Core.Health;
using Portal.Core.Operations;
using Portal.Core.Services;
using Portal.Core.Topology;
using Portal.Core.Traffic;

namespace Portal.Core.Tests.Operations;

/// <summary>The rebalance job checks the guardrails again against live health before it changes a weight, and waits for INSYNC.</summary>
public sealed class RebalanceRunnerTests
{
    private const string East1 = "arn:aws:apprunner:us-east-1:000000000000:service/webapp-production/e1";
    private const string East2 = "arn:aws:apprunner:us-east-2:000000000000:service/webapp-production/e2";

    private static readonly EnvironmentTopology Production = new("production", true, "Z123", "app.example.com", "webapp",
        [new RegionTopology("us-east-1", East1, "webapp", "hc-1", "use1"), new RegionTopology("us-east-2", East2, "webapp", "hc-2", "use2")]);

    private readonly InMemoryOperations _store = new(TimeProvider.System);
    private readonly InMemoryRouter _router = new();
    private readonly FakeHealth _health = new();
    private readonly FakeServiceRuntime _runtime = new FakeServiceRuntime().With(East1, ServiceStatus.Running).With(East2, ServiceStatus.Running);

    private async Task<(OperationRun Run, RebalanceRunner Runner)> StartAsync(Dictionary<string, int> weights)
    {
        var record = await _store.CreateAsync(new OperationRequest(OperationKind.Rebalance, "production", "olga", Weights: weights));
        var settings = new OperationSettings { PollInterval = TimeSpan.FromMilliseconds(5) };
        return (new OperationRun(_store, record, TimeProvider.System, CancellationToken.None),
            new RebalanceRunner(_health, _runtime, new RouteSteps(_router, settings)));
    }

    [Fact]
    public async Task Draining_the_only_healthy_region_is_refused_at_run_time_and_no_weight_changes()
    {
        _health.Unhealthy.Add("hc-2"); // us-east-2 went unhealthy after the request was accepted
        var weights = new Dictionary<string, int> { ["us-east-1"] = 0, ["us-east-2"] = 255 };
        var (run, runner) = await StartAsync(weights);

        var refused = await Assert.ThrowsAsync<StepFailedException>(() => runner.RunAsync(run, Production, weights, allowAllZero: false));

        Assert.StartsWith("Nothing was changed: ", refused.Message);
        Assert.Empty(_router.Changes);
        Assert.Equal([128, 128], _router.Records.Select(r => r.Weight));
    }

    [Fact]
    public async Task A_paused_region_counts_as_not_serving()
    {
        _runtime.With(East1, ServiceStatus.Paused);
        var weights = new Dictionary<string, int> { ["us-east-1"] = 255, ["us-east-2"] = 0 };
        var (run, runner) = await StartAsync(weights);

        await Assert.ThrowsAsync<StepFailedException>(() => runner.RunAsync(run, Production, weights, allowAllZero: false));

        Assert.Empty(_router.Changes);
    }

    [Fact]
    public async Task An_allowed_change_is_submitted_once_and_waited_for_until_INSYNC()
    {
        var weights = new Dictionary<string, int> { ["us-east-1"] = 200, ["us-east-2"] = 55 };
        var (run, runner) = await StartAsync(weights);

        var outcome = await runner.RunAsync(run, Production, weights, allowAllZero: false);

        Assert.Equal("Weights are now us-east-1 200, us-east-2 55.", outcome);
        Assert.Single(_router.Changes);
        Assert.Equal([200, 55], _router.Records.Select(r => r.Weight));
        Assert.True(_router.Polls >= 2, "the change was PENDING first and looked at again until INSYNC");
        Assert.Equal(["Check the guardrails", "Set the weights", "Wait for INSYNC"], (await _store.GetAsync(run.Record.Id))!.Steps.Select(s => s.Name));
    }

    [Fact]
    public async Task Weights_Route_53_already_has_are_not_submitted_again()
    {
        var weights = new Dictionary<string, int> { ["us-east-1"] = 128, ["us-east-2"] = 128 };
        var (run, runner) = await StartAsync(weights);

        await runner.RunAsync(run, Production, weights, allowAllZero: false);

        Assert.Empty(_router.Changes);
        Assert.Equal(StepState.Skipped, (await _store.GetAsync(run.Record.Id))!.Steps.Single(s => s.Name == "Set the weights").State);
    }

    private sealed class FakeHealth : IHealthChecks
    {
        public HashSet<string> Unhealthy { get; } = [];

        public Task<HealthCheckStatus> GetStatusAsync(string healthCheckId, CancellationToken ct = default) =>
            Task.FromResult(new HealthCheckStatus(healthCheckId, [.. Enumerable.Range(0, 16).Select(i =>
                new CheckerObservation($"checker-{i}", $"192.0.2.{i}", Unhealthy.Contains(healthCheckId) ? "Failure: HTTP 503" : "Success: HTTP 200", null))]));
    }

    /// <summary>Route 53's weighted records in memory: a change is PENDING on its first look and INSYNC after.</summary>
    private sealed class InMemoryRouter : ITrafficRouter
    {
        public List<WeightedRecord> Records { get; private set; } =
            [new("use1", 128, "hc-1", "CNAME", 60, ["e1.awsapprunner.com"]), new("use2", 128, "hc-2", "CNAME", 60, ["e2.awsapprunner.com"])];

        public List<string> Changes { get; } = [];

        public int Polls { get; private set; }

        public Task<IReadOnlyList<WeightedRecord>> GetWeightedRecordsAsync(string hostedZoneId, string recordName, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<WeightedRecord>>(Records);

        public Task<RecordChange> SetWeightsAsync(string hostedZoneId, string recordName, IReadOnlyList<WeightedRecord> records, string comment,
            CancellationToken ct = default)
        {
            Records = [.. records];
            Changes.Add($"C{Changes.Count + 1}");
            return Task.FromResult(new RecordChange(Changes[^1], RecordChangeStatus.Pending, DateTimeOffset.UtcNow));
        }

        public Task<RecordChange> GetChangeAsync(string changeId, CancellationToken ct = default) =>
            Task.FromResult(new RecordChange(changeId, ++Polls == 1 ? RecordChangeStatus.Pending : RecordChangeStatus.InSync, null));
    }
}
