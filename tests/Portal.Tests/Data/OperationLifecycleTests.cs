using Portal.Core.Operations;
using Portal.Data;

namespace Portal.Tests.Data;

/// <summary>An operation from queued to finished: running, its steps, cancellation, on either provider.</summary>
public abstract class OperationLifecycleTests<TDatabase> : DataTests<TDatabase> where TDatabase : TestDatabase, new()
{
    private static readonly OperationRequest Deploy = new(OperationKind.Deploy, "staging", "ana", ImageTag: "v2");

    private SqlOperationStore? _store;

    private SqlOperationStore Store => _store ??= new SqlOperationStore(Database.Open(), Clock);

    [Fact]
    public async Task Running_starts_the_clock_once_even_when_a_job_resumes()
    {
        var id = (await Store.CreateAsync(Deploy)).Id;
        var started = Clock.Advance(TimeSpan.FromSeconds(3));
        await Store.MarkRunningAsync(id);
        Clock.Advance(TimeSpan.FromMinutes(5));
        await Store.MarkRunningAsync(id);

        var running = await Store.GetAsync(id);

        Assert.Equal((OperationState.Running, started, (DateTimeOffset?)null), (running!.State, running.StartedAt!.Value, running.EndedAt));
        Assert.True(running.IsActive);
    }

    [Fact]
    public async Task Steps_are_numbered_in_order_and_end_when_no_longer_running()
    {
        var id = (await Store.CreateAsync(Deploy)).Id;
        await Store.MarkRunningAsync(id);
        var firstStarted = Clock.Advance(TimeSpan.FromSeconds(1));
        var first = await Store.BeginStepAsync(id, "us-east-1: update service to v2", "calling UpdateService");
        var secondStarted = Clock.Advance(TimeSpan.FromSeconds(2));
        var second = await Store.BeginStepAsync(id, "us-east-2: update service to v2", null);
        var firstEnded = Clock.Advance(TimeSpan.FromSeconds(4));
        await Store.UpdateStepAsync(id, first, StepState.Succeeded, "service running v2", """{"previousImage":"v1"}""");
        Clock.Advance(TimeSpan.FromSeconds(8));
        await Store.UpdateStepAsync(id, second, StepState.Running, "waiting for the bake", null);

        var steps = (await Store.GetAsync(id))!.Steps;

        Assert.Equal((0, 1), (first, second));
        Assert.Equal(
            [
                new OperationStep(0, "us-east-1: update service to v2", StepState.Succeeded, "service running v2", firstStarted, firstEnded,
                    """{"previousImage":"v1"}"""),
                new OperationStep(1, "us-east-2: update service to v2", StepState.Running, "waiting for the bake", secondStarted, null, null),
            ],
            steps);
    }

    [Fact]
    public async Task A_step_update_without_message_or_data_keeps_what_the_step_recorded()
    {
        var id = (await Store.CreateAsync(Deploy)).Id;
        var index = await Store.BeginStepAsync(id, "route53: set weights", "submitting the change");
        await Store.UpdateStepAsync(id, index, StepState.Running, null, """{"changeId":"C123"}""");
        await Store.UpdateStepAsync(id, index, StepState.Failed, "the change stayed PENDING", null);

        var step = Assert.Single((await Store.GetAsync(id))!.Steps);

        Assert.Equal((StepState.Failed, "the change stayed PENDING", """{"changeId":"C123"}"""), (step.State, step.Message, step.Data));
        Assert.Equal(Clock.Now, step.EndedAt);
    }

    [Fact]
    public async Task Steps_of_unknown_operations_or_indexes_are_refused_by_name()
    {
        var id = (await Store.CreateAsync(Deploy)).Id;

        var noOperation = await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.BeginStepAsync("op-000000000000", "x", null));
        var noStep = await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.UpdateStepAsync(id, 0, StepState.Succeeded, null, null));

        Assert.Contains("op-000000000000", noOperation.Message);
        Assert.Contains($"'{id}' has no step 0", noStep.Message);
    }

    [Fact]
    public async Task Finishing_records_state_outcome_and_end_once()
    {
        var id = (await Store.CreateAsync(Deploy)).Id;
        await Store.MarkRunningAsync(id);
        var ended = Clock.Advance(TimeSpan.FromMinutes(2));
        await Store.FinishAsync(id, OperationState.Succeeded, "v2 runs in both regions");
        Clock.Advance(TimeSpan.FromMinutes(1));

        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.FinishAsync(id, OperationState.Failed, "late"));
        var rerun = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.MarkRunningAsync(id));
        var other = await Store.CreateAsync(Deploy with { Environment = "production" });
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.FinishAsync(other.Id, OperationState.Running, "not an end"));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Store.MarkRunningAsync("op-ffffffffffff"));

        var finished = await Store.GetAsync(id);
        Assert.Equal((OperationState.Succeeded, "v2 runs in both regions", ended), (finished!.State, finished.Outcome, finished.EndedAt!.Value));
        Assert.Contains("is Succeeded", again.Message);
        Assert.Contains("is Succeeded", rerun.Message);
    }

    [Fact]
    public async Task Cancel_is_requested_only_while_the_operation_is_active()
    {
        var id = (await Store.CreateAsync(Deploy)).Id;

        Assert.True(await Store.RequestCancelAsync(id));
        Assert.True((await Store.GetAsync(id))!.CancelRequested);
        await Store.FinishAsync(id, OperationState.Cancelled, "cancelled by ana");
        Assert.False(await Store.RequestCancelAsync(id));
        Assert.False(await Store.RequestCancelAsync("op-ffffffffffff"));
    }
}

public sealed class SqliteOperationLifecycleTests : OperationLifecycleTests<SqliteTestDatabase>;

public sealed class PostgresOperationLifecycleTests : OperationLifecycleTests<PostgresTestDatabase>;
