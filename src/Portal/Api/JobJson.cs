using Portal.Core.Canary;
using Portal.Core.Operations;

namespace Portal.Api;

/// <summary>An operation as the JSON API shows it (GET /api/jobs/{id}).</summary>
public sealed record JobJson(
    string Id,
    string Kind,
    string Environment,
    string State,
    string RequestedBy,
    string Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? Outcome,
    bool CancelRequested,
    string? RetryOf,
    JobRequestJson Request,
    IReadOnlyList<JobStepJson> Steps,
    IReadOnlyList<CanaryAnalysisJson>? CanaryAnalyses,
    string Location)
{
    public static JobJson From(OperationRecord r) => new(
        r.Id, r.Kind.ToString(), r.Environment, r.State.ToString(), r.RequestedBy, r.Request.Describe(),
        r.CreatedAt, r.StartedAt, r.EndedAt, r.Outcome, r.CancelRequested, r.Request.RetryOf,
        new JobRequestJson(r.Request.ImageTag, r.Request.Region, r.Request.Weights, r.Request.AllowAllZero ? true : null, r.Request.Drain,
            r.Request.Strategy?.ToString().ToLowerInvariant()),
        [.. r.Steps.Select(s => new JobStepJson(s.Name, s.State.ToString(), s.Message, s.StartedAt, s.EndedAt))],
        CanaryReport.FromSteps(r.Steps) is { Count: > 0 } analyses ? [.. analyses.Select(a => new CanaryAnalysisJson(a.Step, a.Report))] : null,
        JobsApi.Location(r.Id));
}

public sealed record JobRequestJson(string? ImageTag, string? Region, IReadOnlyDictionary<string, int>? Weights, bool? AllowAllZero, bool? Drain,
    string? Strategy);

/// <summary>A canary analysis as the job page shows it: the step that made it, the comparisons, each metric's test, p-value, effect and verdict, the score and
/// the series.</summary>
public sealed record CanaryAnalysisJson(string Step, CanaryReport Analysis);

public sealed record JobStepJson(string Name, string State, string? Message, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

/// <summary>The 202 answer to an accepted action.</summary>
public sealed record AcceptedJson(string JobId, string Location);
