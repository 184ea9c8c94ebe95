using Portal.Core.Services;

namespace Portal.Core.Tests.Operations;

/// <summary>
/// App Runner services in memory: pause and resume take effect at once (or stay in progress when <see cref="Settle"/> is
/// off), refused as AWS refuses them, and every mutating call is counted per service.
/// </summary>
internal sealed class FakeServiceRuntime : IServiceRuntime
{
    private readonly Dictionary<string, ServiceState> _services = [];
    private readonly Dictionary<string, ServiceStatus> _target = [];
    private int _operations;

    public List<(string Call, string Arn)> MutatingCalls { get; } = [];

    /// <summary>Whether a pause or resume finishes before the next describe; off leaves the service OPERATION_IN_PROGRESS.</summary>
    public bool Settle { get; set; } = true;

    public FakeServiceRuntime With(string arn, ServiceStatus status, string image = "123.dkr.ecr.us-east-1.amazonaws.com/webapp:v1")
    {
        _services[arn] = new ServiceState(arn, arn.Split('/')[^2], arn.Split('/')[^1], status, image, $"https://{arn.GetHashCode():x}.awsapprunner.com", null);
        return this;
    }

    public Task<ServiceState> DescribeAsync(string region, string serviceArn, CancellationToken ct = default)
    {
        var state = _services[serviceArn];
        if (Settle && state.Status == ServiceStatus.OperationInProgress && _target.Remove(serviceArn, out var to))
            _services[serviceArn] = state = state with { Status = to };
        return Task.FromResult(state);
    }

    public Task<IReadOnlyList<ServiceOperation>> ListOperationsAsync(string region, string serviceArn, int max = 20, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ServiceOperation>>([]);

    public async Task<ImageUpdate> UpdateImageAsync(string region, string serviceArn, string imageIdentifier, CancellationToken ct = default) =>
        new(await Start("UpdateService", serviceArn, ServiceStatus.Running, s => s with { ImageIdentifier = imageIdentifier }),
            new KeptConfiguration("3000", ["NODE_ENV"], [], StartCommand: true, AccessRole: true, AutoDeploymentsEnabled: false));

    public async Task<string?> PauseAsync(string region, string serviceArn, CancellationToken ct = default) =>
        await Start("PauseService", serviceArn, ServiceStatus.Paused, s => s);

    public async Task<string?> ResumeAsync(string region, string serviceArn, CancellationToken ct = default) =>
        await Start("ResumeService", serviceArn, ServiceStatus.Running, s => s);

    private Task<string> Start(string call, string arn, ServiceStatus to, Func<ServiceState, ServiceState> change)
    {
        MutatingCalls.Add((call, arn));
        var state = _services[arn];
        // App Runner: UpdateService, Pause and Resume fail with InvalidStateException unless RUNNING or PAUSED.
        if (state.Status is not (ServiceStatus.Running or ServiceStatus.Paused))
            throw new InvalidOperationException($"InvalidStateException: {arn} is {state.Status}.");
        _services[arn] = change(state) with { Status = ServiceStatus.OperationInProgress };
        _target[arn] = to;
        return Task.FromResult($"operation-{++_operations}");
    }
}
