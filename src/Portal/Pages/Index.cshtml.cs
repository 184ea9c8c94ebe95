using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Core.Status;

namespace Portal.Pages;

/// <summary>The dashboard: every environment's regions side by side, from the shared status board (never AWS per view).</summary>
public sealed class IndexModel(StatusBoard board, ViewedEnvironments viewed, TimeProvider time) : PageModel
{
    public IReadOnlyList<EnvironmentStatus> Environments { get; private set; } = [];

    public long Version { get; private set; }

    public DateTimeOffset Now { get; private set; }

    /// <summary>Which portal instance read AWS for this board.</summary>
    public CollectorInfo Collector { get; private set; } = CollectorInfo.Unknown;

    public void OnGet() => Load();

    /// <summary>Just the live part (region cards), fetched by live.js when the stream announces a new snapshot.</summary>
    public PartialViewResult OnGetBoard()
    {
        Load();
        return Partial("_Board", this);
    }

    private void Load()
    {
        (Environments, Version) = board.Current;
        Collector = board.Collector;
        // The dashboard shows every environment, and reloads its cards on each snapshot while it stays open.
        viewed.Mark(Environments.Select(e => e.Name));
        Now = time.GetUtcNow();
    }
}
