using Dapper;
using Portal.Core.Operations;
using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>Recording operations, and the rule of one active operation per environment, on either provider.</summary>
public abstract class OperationStoreTests<TDatabase> : DataTests<TDatabase> where TDatabase : TestDatabase, new()
{
    private static readonly OperationRequest Rebalance = new(OperationKind.Rebalance, "production", "olga@example.com",
        SourceAddress: "10.1.2.3", Weights: new Dictionary<string, int> { ["us-east-1"] = 0, ["us-east-2"] = 255 },
        AllowAllZero: true, RetryOf: "op-0123456789ab");

    private static readonly OperationRequest Deploy = new(OperationKind.Deploy, "staging", "ana", ImageTag: "v2.4.1", Region: "us-east-2", Drain: true);

    [Fact]
    public async Task A_created_operation_reads_back_with_every_field()
    {
        var store = new SqlOperationStore(Database.Open(), Clock);

        var created = await store.CreateAsync(Rebalance);
        var read = await store.GetAsync(created.Id);

        Assert.Matches("^op-[0-9a-f]{12}$", created.Id);
        Assert.NotNull(read);
        Assert.Equal((created.Id, OperationState.Queued, Clock.Now, (DateTimeOffset?)null, (DateTimeOffset?)null, (string?)null, false),
            (read.Id, read.State, read.CreatedAt, read.StartedAt, read.EndedAt, read.Outcome, read.CancelRequested));
        Assert.Empty(read.Steps);
        Assert.Equal(Rebalance with { Weights = null }, read.Request with { Weights = null });
        Assert.Equal(Rebalance.Weights, read.Request.Weights);
        var deploy = await store.GetAsync((await store.CreateAsync(Deploy)).Id);
        Assert.Equal(Deploy, deploy!.Request);
    }

    [Fact]
    public async Task The_request_is_stored_as_readable_json()
    {
        var database = Database.Open();
        var created = await new SqlOperationStore(database, Clock).CreateAsync(Rebalance);

        await using var connection = await database.OpenAsync();
        var json = await connection.QuerySingleAsync<string>("SELECT request FROM operations WHERE id = @id", new { id = created.Id });

        Assert.Contains("\"kind\":\"rebalance\"", json);
        Assert.Contains("\"requestedBy\":\"olga@example.com\"", json);
        Assert.Contains("\"weights\":{\"us-east-1\":0,\"us-east-2\":255}", json);
        Assert.DoesNotContain("imageTag", json); // unset fields are left out
    }

    [Fact]
    public async Task A_second_operation_for_a_busy_environment_is_refused_naming_the_active_one()
    {
        var store = new SqlOperationStore(Database.Open(), Clock);
        var first = await store.CreateAsync(Deploy);
        await store.MarkRunningAsync(first.Id);

        var busy = await Assert.ThrowsAsync<EnvironmentBusyException>(() => store.CreateAsync(Deploy with { ImageTag = "v3" }));

        Assert.Equal(("staging", first.Id), (busy.Environment, busy.ActiveOperationId));
        Assert.Contains(first.Id, busy.Message);
        var elsewhere = await store.CreateAsync(Deploy with { Environment = "production" });
        Assert.Equal(OperationState.Queued, elsewhere.State);
    }

    [Fact]
    public async Task Finishing_an_operation_frees_its_environment()
    {
        var store = new SqlOperationStore(Database.Open(), Clock);
        var first = await store.CreateAsync(Deploy);
        await store.FinishAsync(first.Id, OperationState.Failed, "us-east-1 did not become healthy");

        var second = await store.CreateAsync(Deploy);

        Assert.Equal(OperationState.Queued, second.State);
        Assert.Equal([second.Id], (await store.ActiveAsync()).Select(o => o.Id));
    }

    [Fact]
    public async Task Of_many_creators_racing_from_two_portal_processes_exactly_one_wins()
    {
        var stores = new[] { new SqlOperationStore(Database.Open(), Clock), new SqlOperationStore(Database.Open(), Clock) };
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await start.Task;
            try
            {
                return (Won: (await stores[i % 2].CreateAsync(Deploy with { RequestedBy = $"user{i}" })).Id, Refused: (EnvironmentBusyException?)null);
            }
            catch (EnvironmentBusyException busy)
            {
                return (Won: (string?)null, Refused: busy);
            }
        })).ToList();

        start.SetResult();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Won is not null).Won;
        Assert.All(results.Where(r => r.Won is null), r => Assert.Equal(winner, r.Refused!.ActiveOperationId));
        Assert.Equal([winner], (await stores[1].ActiveAsync()).Select(o => o.Id));
    }

    [Fact]
    public async Task Records_and_the_active_rule_survive_a_restart()
    {
        var before = new SqlOperationStore(Database.Open(), Clock);
        var finished = await before.CreateAsync(Rebalance);
        await before.BeginStepAsync(finished.Id, "us-east-1: set weight 0", null);
        await before.FinishAsync(finished.Id, OperationState.Succeeded, "weights set");
        var active = await before.CreateAsync(Deploy);

        var after = new SqlOperationStore(Database.Open(), Clock);

        var reread = await after.GetAsync(finished.Id);
        Assert.Equal((OperationState.Succeeded, "weights set", "us-east-1: set weight 0"), (reread!.State, reread.Outcome, Assert.Single(reread.Steps).Name));
        var busy = await Assert.ThrowsAsync<EnvironmentBusyException>(() => after.CreateAsync(Deploy));
        Assert.Equal(active.Id, busy.ActiveOperationId);
    }
}

public sealed class SqliteOperationStoreTests : OperationStoreTests<SqliteTestDatabase>;

public sealed class PostgresOperationStoreTests : OperationStoreTests<PostgresTestDatabase>;
