using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Portal.Core.Health;
using Portal.Core.Metrics;
using Portal.Core.Services;
using Portal.Core.Status;
using Portal.Core.Tables;
using Portal.Core.Topology;
using Portal.Core.Traffic;

namespace Portal.Tests;

/// <summary>
/// The portal reading a <see cref="StatusBoard"/> the test filled, on a fixed clock. The portal's own
/// background services (LocalCloud, the status collector) are left out, so nothing overwrites the board.
/// </summary>
internal static class BoardHost
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 10, 30, 0, TimeSpan.Zero);

    public static WebApplicationFactory<Portal.Pages.IndexModel> Create(PortalApplication app, StatusBoard board) =>
        app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            var portal = typeof(Portal.Pages.IndexModel).Assembly;
            foreach (var hosted in services.Where(d => d.ServiceType == typeof(IHostedService)
                && (d.ImplementationType?.Assembly == portal || d.ImplementationFactory?.Method.DeclaringType?.Assembly == portal)).ToList())
                services.Remove(hosted);
            services.Replace(ServiceDescriptor.Singleton(board));
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new FixedTime(Now)));
        }));

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public static readonly EnvironmentTopology Production = new("production", true, "Z123", "app.example.com", "webapp-prod",
    [
        new("us-east-1", "arn:aws:apprunner:us-east-1:123456789012:service/webapp-prod/e1e1e1", "webapp", "hc-east-1", "east-1"),
        new("us-east-2", "arn:aws:apprunner:us-east-2:123456789012:service/webapp-prod/e2e2e2", "webapp", "hc-east-2", "east-2"),
    ]);

    /// <summary>A snapshot of production with both regions observed; <paramref name="configure"/> adjusts each region.</summary>
    public static EnvironmentStatus Snapshot(Func<RegionStatus, RegionStatus>? configure = null) =>
        new(Production, Now, [.. Production.Regions.Select(r => (configure ?? (x => x))(Observed(r)))]);

    private static RegionStatus Observed(RegionTopology r) => RegionStatus.Unobserved(r) with
    {
        Service = Observed<ServiceState>.None.Succeeded(new ServiceState(r.ServiceArn, "webapp-prod", r.ServiceId!, ServiceStatus.Running,
            $"123456789012.dkr.ecr.{r.Region}.amazonaws.com/webapp:v7", $"{r.ServiceId}.{r.Region}.awsapprunner.com", Now.AddHours(-2)), Now),
        Operations = Observed<IReadOnlyList<ServiceOperation>>.None.Succeeded(
        [
            new("op-newest", OperationType.UpdateService, OperationStatus.InProgress, Now.AddMinutes(-3), null, Now),
            new("op-failed", OperationType.UpdateService, OperationStatus.RollbackSucceeded, Now.AddHours(-5), Now.AddHours(-5).AddMinutes(6), null),
            new("op-oldest", OperationType.CreateService, OperationStatus.Succeeded, Now.AddDays(-3), Now.AddDays(-3).AddMinutes(4), null),
        ], Now),
        HealthCheck = Observed<HealthCheckStatus>.None.Succeeded(new HealthCheckStatus(r.HealthCheckId,
            [Checker("eu-west-1", "15.177.10.1", true), Checker("us-west-2", "15.177.62.2", false)]), Now),
        Record = Observed<WeightedRecord>.None.Succeeded(new WeightedRecord(r.SetIdentifier, 128, r.HealthCheckId, "CNAME", 60, ["x"]), Now),
        Replica = Observed<ReplicaState>.None.Succeeded(new ReplicaState(r.Region, ReplicaStatus.Active, "ACTIVE"), Now),
        Lag = Observed<IReadOnlyList<ReplicationLag>>.None.Succeeded(
            [.. Production.Regions.Where(o => o.Region != r.Region).Select(o => new ReplicationLag(o.Region, r.Region == "us-east-1" ? 812 : 934, 1500))], Now),
        TrafficShare = 0.5,
        Verdict = new(VerdictLevel.Degraded, "1 of 2 Route 53 checkers failing.", []),
    };

    public static CheckerObservation Checker(string region, string ip, bool healthy, DateTimeOffset? at = null) =>
        new(region, ip, healthy ? "Success: HTTP Status Code 200, OK" : "Failure: Connection timed out.", at ?? Now);

    /// <summary>Writes <paramref name="points"/> (minutes before <see cref="Now"/>, value) into the board's history.</summary>
    public static void Merge(StatusBoard board, string region, string series, params (int MinutesAgo, double Value)[] points) =>
        board.Metrics.Merge("production", region, series, Now.AddDays(-2), Now.AddDays(-2),
            points.Select(p => new MetricPoint(Now.AddMinutes(-p.MinutesAgo), p.Value)), Now);
}
