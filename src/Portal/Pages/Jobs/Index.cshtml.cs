using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Operations;
using Portal.Topology;

namespace Portal.Pages.Jobs;

/// <summary>Every operation the portal has run or is running, newest first, filtered by environment, kind and state.</summary>
public sealed class IndexModel(IOperationStore store, TopologySource topology, TimeProvider time) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)]
    public string? Environment { get; set; }

    [BindProperty(SupportsGet = true)]
    public OperationKind? Kind { get; set; }

    [BindProperty(SupportsGet = true)]
    public OperationState? State { get; set; }

    // Not "page": Razor Pages keeps the page's own path under that route value.
    [BindProperty(SupportsGet = true, Name = "pageNumber")]
    public int PageNumber { get; set; } = 1;

    public OperationPage Found { get; private set; } = new([], 0, 1, PageSize);

    public IReadOnlyList<string> Environments => [.. topology.Current.Environments.Select(e => e.Name)];

    public DateTimeOffset Now { get; private set; }

    public bool Filtered => Environment is not null || Kind is not null || State is not null;

    public async Task OnGetAsync()
    {
        Now = time.GetUtcNow();
        PageNumber = Math.Max(1, PageNumber);
        Environment = string.IsNullOrWhiteSpace(Environment) ? null : Environment;
        Found = await store.ListAsync(new OperationQuery(Environment, Kind, State, PageNumber, PageSize), HttpContext.RequestAborted);
    }

    /// <summary>This list's address with the same filters, on another page.</summary>
    public string? PageUrl(int page) => Url.Page("/Jobs/Index", new { environment = Environment, kind = Kind, state = State, pageNumber = page == 1 ? (int?)null : page });
}
