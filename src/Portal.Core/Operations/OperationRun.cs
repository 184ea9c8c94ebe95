using System.Diagnostics;
using System.Text.Json.Nodes;
using Portal.Core.Telemetry;

namespace Portal.Core.Operations;

/// <summary>A step failed for a reason a person can act on; the message says what happened and what state things are in.</summary>
public sealed class StepFailedException(string message) : Exception(message);

/// <summary>The operator asked to cancel; the run stops at its next safe point.</summary>
public sealed class OperationCancelledException() : Exception("Cancelled by request.");

/// <summary>
/// Runs one operation's steps against its record. A step that already succeeded (in an earlier run that a restart
/// cut short) is not run again: its recorded data is returned instead. A step that was running when the portal
/// stopped runs again, and every mutating step first checks the state it expects, so nothing is done twice blindly.
/// With a <paramref name="fence"/>, each step first confirms that this run still owns the operation; one that was
/// superseded (another worker took the job over) stops with <see cref="LeaseLostException"/> before acting.
/// </summary>
public sealed class OperationRun(IOperationStore store, OperationRecord record, TimeProvider time, CancellationToken ct, OperationFence? fence = null)
{
    private readonly Dictionary<string, OperationStep> _done = record.Steps
        .Where(s => s.State is StepState.Succeeded or StepState.Skipped)
        .GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.Last());

    private readonly Dictionary<string, OperationStep> _interrupted = record.Steps
        .Where(s => s.State == StepState.Running)
        .GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.Last());

    public OperationRecord Record => record;

    public CancellationToken CancellationToken => ct;

    public TimeProvider Time => time;

    /// <summary>True when this run picks up an operation that was already running (the portal restarted).</summary>
    public bool Resumed { get; } = record.State == OperationState.Running;

    /// <summary>The data a completed step recorded, or null when it has not completed.</summary>
    public JsonObject? DataOf(string name) =>
        _done.TryGetValue(name, out var step) && step.Data is not null ? JsonNode.Parse(step.Data) as JsonObject : null;

    public bool Completed(string name) => _done.ContainsKey(name);

    private readonly HashSet<string> _started = [.. record.Steps.Select(s => s.Name)];

    /// <summary>Whether a step of this name ever began, in this run or one before it: a step never begun changed nothing.</summary>
    public bool Started(string name) => _started.Contains(name);

    /// <summary>What a step recorded before the portal stopped in the middle of it (null when it was not interrupted).</summary>
    public JsonObject? InterruptedDataOf(string name) =>
        record.Steps.LastOrDefault(s => s.Name == name && s.State is StepState.Running or StepState.Interrupted)?.Data is { } data
            ? JsonNode.Parse(data) as JsonObject : null;

    /// <summary>Runs <paramref name="body"/> as the step <paramref name="name"/> unless it already completed; returns its data.</summary>
    public async Task<JsonObject> StepAsync(string name, Func<StepScope, Task> body)
    {
        if (_done.TryGetValue(name, out var finished))
            return finished.Data is null ? [] : (JsonNode.Parse(finished.Data) as JsonObject ?? []);

        await ThrowIfCancelledAsync();
        if (fence is not null) await fence.ConfirmAsync(ct);
        _started.Add(name);
        var resumedHere = _interrupted.Remove(name, out var cut);
        if (resumedHere)
            await store.UpdateStepAsync(record.Id, cut!.Index, StepState.Interrupted,
                "The portal stopped during this step; it runs again below, checking the current state first.", cut.Data, CancellationToken.None);
        var index = await store.BeginStepAsync(record.Id, name,
            resumedHere ? "Resumed after the portal running it stopped (a restart, or another instance taking over): checking the current state before " +
                "acting." : null, CancellationToken.None);
        var scope = new StepScope(this, store, record.Id, index, resumedHere);
        using var span = PortalTelemetry.StartStep(record, name);
        try
        {
            await body(scope);
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            var message = ex switch
            {
                StepFailedException => ex.Message,
                OperationCancelledException => "Cancelled by request before this step finished.",
                LeaseLostException => "Another worker took this operation over; this one stopped here.",
                OperationCanceledException when ct.IsCancellationRequested => "The portal is stopping; this step resumes when it starts again.",
                _ => $"{ex.GetType().Name}: {ex.Message}",
            };
            // A step cut short by shutdown stays Running, so the resumed run knows to check before acting; a superseded
            // worker leaves the step to the one that took over.
            if (!(ex is OperationCanceledException && ct.IsCancellationRequested) && ex is not LeaseLostException)
                await store.UpdateStepAsync(record.Id, index, StepState.Failed, message, scope.DataJson(), CancellationToken.None);
            throw;
        }
        await store.UpdateStepAsync(record.Id, index, scope.Skipped ? StepState.Skipped : StepState.Succeeded, scope.Message, scope.DataJson(),
            CancellationToken.None);
        span?.SetTag(PortalTelemetry.OutcomeTag, scope.Skipped ? nameof(StepState.Skipped) : nameof(StepState.Succeeded));
        var data = scope.Data;
        _done[name] = new OperationStep(index, name, StepState.Succeeded, scope.Message, time.GetUtcNow(), time.GetUtcNow(), scope.DataJson());
        return data;
    }

    /// <summary>Waits <paramref name="delay"/> on the portal's clock, stopping early for a cancel request or shutdown.</summary>
    public async Task DelayAsync(TimeSpan delay)
    {
        await Task.Delay(delay, time, ct);
        await ThrowIfCancelledAsync();
    }

    public async Task ThrowIfCancelledAsync()
    {
        ct.ThrowIfCancellationRequested();
        if (RestoringAfterCancel) return;
        var current = await store.GetAsync(record.Id, ct);
        if (current?.CancelRequested == true) throw new OperationCancelledException();
    }

    /// <summary>
    /// Set while the run puts back what it changed after a cancel request (a canary's weights, a drill's health check):
    /// the request has been honoured by stopping, so it must not stop the restore too. A shutdown still does.
    /// </summary>
    public bool RestoringAfterCancel { get; set; }
}

/// <summary>What a step body can do: report progress, record data for later steps, or say it had nothing to do.</summary>
public sealed class StepScope(OperationRun run, IOperationStore store, string operationId, int index, bool resumed)
{
    private string? _reported;

    public JsonObject Data { get; } = [];

    public string? Message { get; private set; }

    public bool Skipped { get; private set; }

    /// <summary>This step was running when the portal stopped: check the world before acting again.</summary>
    public bool Resumed => resumed;

    public OperationRun Run => run;

    /// <summary>The step's final message (what it did).</summary>
    public void Done(string message) => Message = message;

    /// <summary>Nothing to do: the world is already as the step would leave it.</summary>
    public void Skip(string message)
    {
        Skipped = true;
        Message = message;
    }

    /// <summary>A progress line on the running step (written only when it changes).</summary>
    public async Task ReportAsync(string message)
    {
        if (message == _reported) return;
        _reported = message;
        await store.UpdateStepAsync(operationId, index, StepState.Running, message, DataJson(), CancellationToken.None);
    }

    internal string? DataJson() => Data.Count == 0 ? null : Data.ToJsonString();
}
