using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Status;
using Portal.LocalCloud.Protocol;
using Xunit.Abstractions;

namespace Portal.Tests.Cluster;

/// <summary>
/// One collector per cluster, with real portal instances on one PostgreSQL against one LocalCloud: AWS sees the calls
/// of one instance however many run, and when the collecting instance dies another takes over.
/// </summary>
public sealed class CollectorClusterTests(ITestOutputHelper output)
{
    // Short, so a takeover comes in about 2.5 s; and a state refresh each 0.5 s, so a few seconds hold enough refreshes to compare.
    private static readonly Dictionary<string, string> Pace = new()
    {
        ["Portal:Collector:LeaseDuration"] = "00:00:02",
        ["Portal:Collector:RenewInterval"] = "00:00:00.5",
        ["Portal:Status:RefreshInterval"] = "00:00:00.5",
        ["Portal:Status:MetricsInterval"] = "00:00:02",
    };

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task Three_instances_call_AWS_as_often_as_one_and_only_the_lease_holder_collects()
    {
        await using var cluster = await PortalCluster.StartAsync();
        var alone = Paced(cluster.Instance("portal-solo"));
        await CollectingAsync(alone);
        var one = await CallsPerMinuteAsync(cluster);
        // A clean stop hands the lease back; the three below start without waiting for it to run out.
        await alone.DisposeAsync();

        var three = new[] { Paced(cluster.Instance("portal-a")), Paced(cluster.Instance("portal-b")), Paced(cluster.Instance("portal-c")) };
        var collector = await Task.WhenAll(three.Select(CollectingAsync));
        var many = await CallsPerMinuteAsync(cluster);

        var ratio = many / one;
        output.WriteLine($"AWS calls per minute: {one:0} with one instance, {many:0} with three; ratio {ratio:0.00}");
        Assert.Single(three, app => app.Services.GetRequiredService<StatusBoard>().Collector.ThisInstance);
        Assert.Single(collector.Distinct());
        // Each follower reading AWS too would make this 2 or 3; the margin is for a busy machine's uneven ticks.
        Assert.InRange(ratio, 0.8, 1.2);
    }

    [Fact]
    public async Task When_the_collecting_instance_is_killed_another_takes_over_and_says_so()
    {
        await using var cluster = await PortalCluster.StartAsync();
        var settings = Pace.ToDictionary(p => p.Key.Replace(":", "__"), p => (string?)p.Value);
        await using var a = await PortalProcess.StartAsync(cluster, "portal-a", settings);
        await using var b = await PortalProcess.StartAsync(cluster, "portal-b", settings);
        var (first, found) = await Eventually.ValueAsync(() => CollectorSeenByAsync(a), c => c.Instance is not null);
        Assert.True(found, a.Output);
        var (doomed, survivor) = first.Instance == "portal-a" ? (a, b) : (b, a);
        var (seen, agreed) = await Eventually.ValueAsync(() => CollectorSeenByAsync(survivor), c => c.Instance == first.Instance);
        Assert.True(agreed, $"the other instance names {seen.Instance} as the collector, not {first.Instance}");
        Assert.False(seen.ThisInstance);

        var killed = Stopwatch.StartNew();
        await doomed.KillAsync();
        var counter = cluster.Cloud.Services.GetRequiredService<ApiCallCounter>();
        var (taken, tookOver) = await Eventually.ValueAsync(() => CollectorSeenByAsync(survivor), c => c.ThisInstance);
        output.WriteLine($"The survivor collected {killed.Elapsed.TotalSeconds:0.0} s after the kill (lease 2 s, renew 0.5 s)");

        Assert.True(tookOver, $"the survivor still names {taken.Instance}:\n{survivor.Output}");
        Assert.Equal(survivor == a ? "portal-a" : "portal-b", taken.Instance);
        var before = counter.Total;
        Assert.True(await Eventually.Async(() => Task.FromResult(counter.Total > before)), "nobody reads AWS after the takeover");
    }

    private static PortalApplication Paced(PortalApplication app)
    {
        foreach (var (key, value) in Pace) app.With(key, value);
        return app;
    }

    /// <summary>Waits until the cluster has a collector this instance knows of, and returns its name.</summary>
    private static async Task<string> CollectingAsync(PortalApplication app)
    {
        var board = app.Services.GetRequiredService<StatusBoard>();
        var (collector, known) = await Eventually.ValueAsync(() => Task.FromResult(board.Collector), c => c.CollectedBy is not null
            && board.Current.Environments.Count > 0);
        Assert.True(known, "no instance collects");
        return collector.CollectedBy!;
    }

    private async Task<double> CallsPerMinuteAsync(PortalCluster cluster)
    {
        var counter = cluster.Cloud.Services.GetRequiredService<ApiCallCounter>();
        var before = counter.Snapshot();
        var clock = Stopwatch.StartNew();
        await Task.Delay(Window);
        var after = counter.Snapshot();
        var elapsed = clock.Elapsed;
        var calls = after.Sum(c => c.Value - before.GetValueOrDefault(c.Key));
        output.WriteLine($"{calls} calls in {elapsed.TotalSeconds:0.0} s: " +
            $"{string.Join(", ", after.Select(c => $"{c.Key} {c.Value - before.GetValueOrDefault(c.Key)}"))}");
        return calls / elapsed.TotalMinutes;
    }

    private static async Task<(string? Instance, bool ThisInstance)> CollectorSeenByAsync(PortalProcess portal)
    {
        try
        {
            using var client = portal.OperatorClient();
            var environments = await client.GetFromJsonAsync<JsonElement>("/api/environments");
            if (environments.GetArrayLength() == 0) return (null, false);
            var collector = environments[0].GetProperty("collector");
            return (collector.GetProperty("instance").GetString(), collector.GetProperty("thisInstance").GetBoolean());
        }
        catch (HttpRequestException)
        {
            return (null, false);
        }
    }
}
