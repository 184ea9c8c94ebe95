namespace Portal.Core.Status;

/// <summary>Which environments someone looked at lately (a page or the API): the collector reads them before the unwatched ones.</summary>
public sealed class ViewedEnvironments(TimeProvider time)
{
    /// <summary>How long a look keeps an environment "viewed": a dashboard left open reloads its data well within it.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly object _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.OrdinalIgnoreCase);

    public void Mark(string environment)
    {
        lock (_gate) _seen[environment] = time.GetUtcNow();
    }

    public void Mark(IEnumerable<string> environments)
    {
        var now = time.GetUtcNow();
        lock (_gate)
            foreach (var environment in environments) _seen[environment] = now;
    }

    public IReadOnlySet<string> Recent()
    {
        var horizon = time.GetUtcNow() - Window;
        lock (_gate)
            return _seen.Where(s => s.Value >= horizon).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
    }
}
