using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Audit;

namespace Portal.Pages.Audit;

/// <summary>The audit trail, newest first: every sign-in and every action, who, what, when, from where, and how it ended.</summary>
public sealed class IndexModel(IAuditLog audit, TimeProvider time) : PageModel
{
    public const int PageSize = 50;

    /// <summary>Every action the portal audits, read from <see cref="AuditActions"/> so a new one shows in the filter without a change here.</summary>
    public static readonly IReadOnlyList<string> Actions = [.. typeof(AuditActions)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)];

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    // Not "page": Razor Pages keeps the page's own path under that route value.
    [BindProperty(SupportsGet = true, Name = "pageNumber")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEvent> Entries { get; private set; } = [];

    public bool HasOlder { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public bool Filtered => Actor is not null || Action is not null;

    public async Task OnGetAsync()
    {
        Now = time.GetUtcNow();
        // Bounded so the look-ahead below (PageNumber * PageSize + 1) cannot overflow.
        PageNumber = Math.Clamp(PageNumber, 1, int.MaxValue / PageSize - 1);
        Actor = string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim();
        Action = string.IsNullOrWhiteSpace(Action) ? null : Action;
        var ct = HttpContext.RequestAborted;
        Entries = await audit.QueryAsync(new AuditQuery(Actor, Action, Page: PageNumber, PageSize: PageSize), ct);
        // The log answers pages without a total: one entry past this page (page N*size+1 of size 1) says whether an older page exists.
        HasOlder = Entries.Count == PageSize
            && (await audit.QueryAsync(new AuditQuery(Actor, Action, Page: PageNumber * PageSize + 1, PageSize: 1), ct)).Count > 0;
    }

    public string? PageUrl(int page) => Url.Page("/Audit/Index", new { actor = Actor, action = Action, pageNumber = page == 1 ? (int?)null : page });

    private static readonly HashSet<string> JobActions =
        [AuditActions.Deploy, AuditActions.Rollback, AuditActions.Rebalance, AuditActions.Pause, AuditActions.Resume, AuditActions.Drill, AuditActions.Migrate,
            AuditActions.Cancel, AuditActions.Retry];

    /// <summary>The job an entry is about: the operation queue audits jobs with the target "&lt;environment&gt; &lt;job id&gt;".</summary>
    public static (string Environment, string? JobId) TargetOf(AuditEvent entry) =>
        JobActions.Contains(entry.Action) && entry.Target?.Split(' ', 2) is [var env, var id] ? (env, id) : (entry.Target ?? "", null);
}
