using Portal.Core.Operations;

namespace Portal.Core.Tests.Operations;

/// <summary>
/// A run resumes an operation from its record: completed steps are skipped with their data, the step a stop cut short
/// runs again knowing so, a shutdown leaves the step Running, and an operator's cancel stops before the next step.
/// </summary>
public sealed class OperationRunTests
{
    private readonly InMemoryOperations _store = new(TimeProvider.System);

    private async Task<OperationRecord> RecordWithStepsAsync()
    {
        var record = await _store.CreateAsync(new OperationRequest(OperationKind.Pause, "staging", "olga"));
        await _store.MarkRunningAsync(record.Id);
        var first = await _store.BeginStepAsync(record.Id, "us-east-1: pause", null);
        await _store.UpdateStepAsync(record.Id, first, StepState.Succeeded, "PauseService accepted.", "{\"operationId\":\"op-1\"}");
        await _store.BeginStepAsync(record.Id, "us-east-1: wait until PAUSED", null);
        return (await _store.GetAsync(record.Id))!;
    }

    [Fact]
    public async Task A_resumed_run_skips_a_completed_step_with_its_data_and_reruns_the_interrupted_one_knowing_it()
    {
        var run = new OperationRun(_store, await RecordWithStepsAsync(), TimeProvider.System, CancellationToken.None);
        var ran = new List<string>();

        var data = await run.StepAsync("us-east-1: pause", _ => { ran.Add("pause"); return Task.CompletedTask; });
        bool? resumed = null;
        await run.StepAsync("us-east-1: wait until PAUSED", step => { resumed = step.Resumed; step.Done("PAUSED."); return Task.CompletedTask; });

        Assert.True(run.Resumed);
        Assert.Empty(ran);
        Assert.Equal("op-1", data["operationId"]!.GetValue<string>());
        Assert.True(resumed);
        var steps = (await _store.GetAsync(run.Record.Id))!.Steps;
        Assert.Equal([("us-east-1: pause", StepState.Succeeded), ("us-east-1: wait until PAUSED", StepState.Interrupted),
            ("us-east-1: wait until PAUSED", StepState.Succeeded)],
            steps.Select(s => (s.Name, s.State)));
        Assert.StartsWith("The portal stopped during this step; it runs again below", steps[1].Message);
        Assert.Equal("PAUSED.", steps[2].Message);
    }

    [Fact]
    public async Task A_step_cut_short_by_shutdown_stays_Running_for_the_next_run()
    {
        using var shutdown = new CancellationTokenSource();
        var record = await _store.CreateAsync(new OperationRequest(OperationKind.Pause, "staging", "olga"));
        var run = new OperationRun(_store, record, TimeProvider.System, shutdown.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.StepAsync("us-east-1: wait until PAUSED", async _ =>
        {
            await shutdown.CancelAsync();
            await run.DelayAsync(TimeSpan.FromSeconds(30));
        }));

        Assert.Equal(StepState.Running, (await _store.GetAsync(record.Id))!.Steps.Single().State);
    }

    [Fact]
    public async Task An_operators_cancel_stops_the_run_before_its_next_step_and_fails_the_step_it_was_in()
    {
        var record = await _store.CreateAsync(new OperationRequest(OperationKind.Pause, "staging", "olga"));
        var run = new OperationRun(_store, record, TimeProvider.System, CancellationToken.None);
        var ran = false;

        await Assert.ThrowsAsync<OperationCancelledException>(() => run.StepAsync("us-east-1: bake", async _ =>
        {
            await _store.RequestCancelAsync(record.Id);
            await run.DelayAsync(TimeSpan.FromMilliseconds(1));
        }));
        await Assert.ThrowsAsync<OperationCancelledException>(() => run.StepAsync("us-east-2: pause", _ => { ran = true; return Task.CompletedTask; }));

        Assert.False(ran);
        var step = (await _store.GetAsync(record.Id))!.Steps.Single();
        Assert.Equal((StepState.Failed, "Cancelled by request before this step finished."), (step.State, step.Message));
    }
}
