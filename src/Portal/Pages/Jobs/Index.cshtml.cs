using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Api;
using Portal.Core.Operations;
using Portal.Topology;

namespace Portal.Pages.Jobs;

/// <summary>Every operation the portal has run or is running, newest first, filtered by environment, kind and state.</summary>
public sealed class IndexModel(IOperationStore store, TopologySource topology, TimeProvider time) : PageModel
{
    public const int PageSize = 25;

    // Read by JobsFilter, as the API reads them, not bound: model binding would take "42" or "Pause,Deploy" as a kind.
    public string? Environment { get; private set; }

    public OperationKind? Kind { get; private set; }

    public OperationState? State { get; private set; }

    /// <summary>Refused filters by parameter; the page then lists nothing and answers 400.</summary>
    public IReadOnlyDictionary<string, string[]> FilterErrors { get; private set; } = new Dictionary<string, string[]>();

    public OperationPage Found { get; private set; } = new([], 0, 1, PageSize);

    public IReadOnlyList<string> Environments => [.. topology.Current.Environments.Select(e => e.Name)];

    public DateTimeOffset Now { get; private set; }

    public bool Filtered => Environment is not null || Kind is not null || State is not null;

    public async Task OnGetAsync()
    {
        Now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        // Not "page": Razor Pages keeps the page's own path under that route value.
        var query = JobsFilter.Read(Request.Query, topology.Current, "pageNumber", PageSize, errors);
        (Environment, Kind, State) = (query.Environment, query.Kind, query.State);
        FilterErrors = errors;
        if (errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        Found = await store.ListAsync(query, HttpContext.RequestAborted);
    }

    /// <summary>This list's address with the same filters, on another page.</summary>
    public string? PageUrl(int page) => Url.Page("/Jobs/Index", new { environment = Environment, kind = Kind, state = State, pageNumber = page == 1
        ? (int?)null : page });
}
