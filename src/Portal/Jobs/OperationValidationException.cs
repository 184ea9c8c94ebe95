namespace Portal.Jobs;

/// <summary>A request refused before anything was queued; <see cref="Errors"/> is keyed by the API's field names.</summary>
public sealed class OperationValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is invalid: " + string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
