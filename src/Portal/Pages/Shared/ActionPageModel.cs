using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Api;
using Portal.Core.Operations;
using Portal.Jobs;

namespace Portal.Pages.Shared;

/// <summary>
/// A page whose forms queue operations (deploy, rollback, rebalance, pause, resume, retry). Every such form ends the
/// same three ways, said once here: queued (redirect to the job page, Post-Redirect-Get); refused (each field's reason
/// next to the field, nothing queued, 400); or the environment busy with another job (a link to it, 409).
/// </summary>
public abstract class ActionPageModel(OperationQueue queue) : PageModel
{
    protected OperationQueue Queue => queue;

    /// <summary>Set when the environment already had a job in flight: the page links it.</summary>
    public string? BusyJobId { get; private set; }

    /// <summary>Which form's refusals are shown (pages with several forms prefix their error keys).</summary>
    public string ErrorPrefix { get; private set; } = "";

    /// <summary>Who is asking, as the audit trail and the job record name them.</summary>
    protected string UserName => JobsApi.User(HttpContext);

    protected string? SourceAddress => JobsApi.Address(HttpContext);

    /// <summary>What the page showed of each region when it was read (_ExpectedState's hidden fields), checked before anything is queued.</summary>
    // Named, so that without "Expected[...]" fields the binder does not fall back to reading every form field as a region.
    [BindProperty(Name = "Expected")]
    public Dictionary<string, RegionExpectation>? Expected { get; set; }

    protected OperationRequest NewRequest(OperationKind kind, string environment) =>
        new(kind, environment, UserName, SourceAddress, Expected: Expected is { Count: > 0 } ? Expected : null);

    /// <param name="errorPrefix">Put before each refused field's key, for a page with more than one form (e.g. "rollback.").</param>
    protected async Task<IActionResult> QueueAsync(Func<CancellationToken, Task<OperationRecord>> submit, string errorPrefix = "")
    {
        ErrorPrefix = errorPrefix;
        // A value the form's types cannot hold ("Drain=maybe") is a field error, not the type's default: nothing is queued.
        if (!ModelState.IsValid)
        {
            foreach (var (key, messages) in ModelState.Select(e => (e.Key, Messages: e.Value?.Errors.Select(x => x.ErrorMessage).ToList() ?? [])).ToList())
                foreach (var message in messages) ModelState.AddModelError(errorPrefix + FieldOf(key), message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync();
        }
        try
        {
            var record = await submit(HttpContext.RequestAborted);
            return RedirectToPage("/Jobs/Job", new { id = record.Id });
        }
        catch (OperationValidationException refused)
        {
            foreach (var (field, messages) in refused.Errors)
                foreach (var message in messages) ModelState.AddModelError(errorPrefix + field, message);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        catch (EnvironmentBusyException busy)
        {
            BusyJobId = busy.ActiveOperationId;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        return await ShowAsync();
    }

    // "Input.Drain" as bound is "drain" as the API and the page's field errors name it.
    private static string FieldOf(string key)
    {
        var name = key[(key.LastIndexOf('.') + 1)..];
        return name.Length == 0 ? key : char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>The page itself, answering 404: it says what was not found and lists what exists.</summary>
    protected PageResult NotFoundPage()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    /// <summary>Loads what the page shows and renders it; the page's own 404 when the environment or job is unknown.</summary>
    protected abstract Task<IActionResult> ShowAsync();
}
