namespace Portal.Jobs.Schedules;

/// <summary>A schedule change refused before anything was saved; <see cref="Errors"/> is keyed by the form's field names.</summary>
public sealed class ScheduleValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The schedule was refused: " + string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static ScheduleValidationException NotFound(string id) => new(new Dictionary<string,
        string[]> { ["id"] = [$"There is no schedule {id}; it may have been deleted."] });
}
