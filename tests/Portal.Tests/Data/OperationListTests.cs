using Portal.Core.Operations;
using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>The jobs list, an environment's recent operations and the active ones, on either provider.</summary>
public abstract class OperationListTests<TDatabase> : DataTests<TDatabase> where TDatabase : TestDatabase, new()
{
    private SqlOperationStore? _store;

    private SqlOperationStore Store => _store ??= new SqlOperationStore(Database.Open(), Clock);

    /// <summary>Six operations a minute apart, oldest first; only the last of each environment is still active.</summary>
    private async Task<List<OperationRecord>> SixOperationsAsync()
    {
        var plan = new (OperationKind Kind, string Environment, OperationState End)[]
        {
            (OperationKind.Deploy, "staging", OperationState.Succeeded),
            (OperationKind.Deploy, "production", OperationState.Succeeded),
            (OperationKind.Rebalance, "staging", OperationState.Failed),
            (OperationKind.Deploy, "staging", OperationState.Succeeded),
            (OperationKind.Resume, "production", OperationState.Running),
            (OperationKind.Pause, "staging", OperationState.Queued),
        };
        var created = new List<OperationRecord>();
        foreach (var (kind, environment, end) in plan)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            var operation = await Store.CreateAsync(new OperationRequest(kind, environment, "ana", ImageTag: kind == OperationKind.Deploy ? "v2" : null));
            if (end != OperationState.Queued) await Store.MarkRunningAsync(operation.Id);
            if (end is not (OperationState.Queued or OperationState.Running)) await Store.FinishAsync(operation.Id, end, end.ToString());
            created.Add(operation);
        }
        await Store.BeginStepAsync(created[4].Id, "us-east-1: resume service", null);
        return created;
    }

    [Fact]
    public async Task The_list_is_newest_first_with_the_steps_of_each_operation()
    {
        var created = await SixOperationsAsync();

        var page = await Store.ListAsync(new OperationQuery());

        Assert.Equal(created.Select(o => o.Id).Reverse(), page.Items.Select(o => o.Id));
        Assert.Equal((6, 1, 1), (page.Total, page.Page, page.Pages));
        Assert.Equal("us-east-1: resume service", Assert.Single(page.Items[1].Steps).Name);
        Assert.All(page.Items.Where(o => o.Id != created[4].Id), o => Assert.Empty(o.Steps));
    }

    [Theory]
    [InlineData("staging", null, null, new[] { 5, 3, 2, 0 })]
    [InlineData(null, OperationKind.Deploy, null, new[] { 3, 1, 0 })]
    [InlineData(null, null, OperationState.Succeeded, new[] { 3, 1, 0 })]
    [InlineData("staging", OperationKind.Deploy, OperationState.Succeeded, new[] { 3, 0 })]
    [InlineData("production", null, OperationState.Running, new[] { 4 })]
    [InlineData("qa", null, null, new int[0])]
    public async Task The_list_filters_by_environment_kind_and_state_and_counts_what_matches(string? environment, OperationKind? kind, OperationState? state,
        int[] expected)
    {
        var created = await SixOperationsAsync();

        var page = await Store.ListAsync(new OperationQuery(environment, kind, state));

        Assert.Equal(expected.Select(i => created[i].Id), page.Items.Select(o => o.Id));
        Assert.Equal(expected.Length, page.Total);
    }

    [Fact]
    public async Task The_list_pages_and_counts_every_match()
    {
        var created = await SixOperationsAsync();

        var second = await Store.ListAsync(new OperationQuery(Page: 2, PageSize: 4));
        var beyond = await Store.ListAsync(new OperationQuery(Page: 3, PageSize: 4));

        Assert.Equal([created[1].Id, created[0].Id], second.Items.Select(o => o.Id));
        Assert.Equal((6, 2, 4, 2), (second.Total, second.Page, second.PageSize, second.Pages));
        Assert.Empty(beyond.Items);
        Assert.Equal(6, beyond.Total);
        var badPage = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListAsync(new OperationQuery(Page: 0)));
        Assert.Contains("OperationQuery.Page", badPage.Message);
    }

    [Fact]
    public async Task Recent_lists_an_environment_s_operations_of_one_kind_newest_first_up_to_max()
    {
        var created = await SixOperationsAsync();

        var recent = await Store.RecentAsync("staging", OperationKind.Deploy, max: 5);
        var latest = await Store.RecentAsync("staging", OperationKind.Deploy, max: 1);

        Assert.Equal([created[3].Id, created[0].Id], recent.Select(o => o.Id));
        Assert.Equal([created[3].Id], latest.Select(o => o.Id));
        Assert.Empty(await Store.RecentAsync("production", OperationKind.Rebalance, max: 5));
    }

    [Fact]
    public async Task Active_operations_are_the_queued_and_running_ones_oldest_first()
    {
        var created = await SixOperationsAsync();

        var active = await Store.ActiveAsync();

        Assert.Equal([created[4].Id, created[5].Id], active.Select(o => o.Id));
        Assert.Equal([OperationState.Running, OperationState.Queued], active.Select(o => o.State));
    }
}

public sealed class SqliteOperationListTests : OperationListTests<SqliteTestDatabase>;

public sealed class PostgresOperationListTests : OperationListTests<PostgresTestDatabase>;
