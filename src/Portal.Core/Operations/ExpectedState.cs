using Portal.Core.Services;
using Portal.Core.Status;
using Portal.Core.Text;

namespace Portal.Core.Operations;

/// <summary>What an operator saw of one region when asking: any of its running image tag, Route 53 weight and App Runner status.</summary>
/// <param name="Status">As AWS writes it (RUNNING, PAUSED...).</param>
public sealed record RegionExpectation(string? Image = null, int? Weight = null, string? Status = null);

/// <summary>
/// An operator action names the state it expects and is refused, saying why, when the world has moved on (design.md
/// convention 6): weights rebalanced by someone else, a deploy landed, a region paused since the page was read. Judged
/// against the dashboard's latest snapshot, so asking costs no AWS call; a value the portal cannot read now refuses too,
/// since nothing confirms it is as the operator saw it.
/// </summary>
public static class ExpectedState
{
    public const string Changed = "changed since you looked: ";

    /// <summary>Errors keyed "expected.&lt;region&gt;.&lt;image|weight|status&gt;"; empty when everything is as the operator saw it.</summary>
    public static Dictionary<string, string[]> Check(IReadOnlyDictionary<string, RegionExpectation> expected, EnvironmentStatus? now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (region, saw) in expected)
        {
            var status = now?.Regions.FirstOrDefault(r => r.Region == region);
            if (status is null)
            {
                errors[$"expected.{UntrustedText.Bound(region)}"] = [$"{UntrustedText.Quote(region)} is not a region the portal shows for this environment."];
                continue;
            }
            Compare(errors, region, "image", saw.Image, status.Service.Value?.ImageTag, status.Service.Error);
            Compare(errors, region, "weight", saw.Weight?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                status.Record.Value?.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture), status.Record.Error);
            Compare(errors, region, "status", saw.Status?.ToUpperInvariant(), status.Service.Value?.Status.ToAwsName(), status.Service.Error);
        }
        return errors;
    }

    private static void Compare(Dictionary<string, string[]> errors, string region, string what, string? saw, string? now, string? readError)
    {
        if (saw is null || (now is not null && readError is null && string.Equals(saw, now, StringComparison.Ordinal))) return;
        errors[$"expected.{region}.{what}"] = [Changed + (now is null || readError is not null
            ? $"the portal cannot read {region}'s {what} now ({readError ?? "not read yet"}), so it cannot confirm the {UntrustedText.Bound(saw)} you saw."
            : $"{region}'s {what} is {now} now; you saw {UntrustedText.Bound(saw)}. Look again, then ask again.")];
    }
}
