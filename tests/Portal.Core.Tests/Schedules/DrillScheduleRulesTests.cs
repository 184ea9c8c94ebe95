using Portal.Core.Drills;
using Portal.Core.Schedules;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Schedules;

/// <summary>A drill schedule is checked as a drill by hand (field named, allowed values), plus its time zone.</summary>
public class DrillScheduleRulesTests
{
    private static EnvironmentTopology Env(string name, bool isProtected, params string[] regions) => new(name, isProtected, "Z1", $"{name}.example.com.",
        $"webapp-{name}",
        [.. regions.Select((r, i) => new RegionTopology(r, $"arn:aws:apprunner:{r}:123456789012:service/webapp-{name}/a{i}", "webapp", $"hc-{i}", r))]);

    private static readonly PortalTopology Topology =
        new([Env("production", true, "us-east-1", "us-east-2"), Env("staging", false, "us-east-1", "us-east-2"), Env("solo", false, "us-east-1")]);

    private static DrillScheduleDraft Draft(string? env = "staging", string? region = "us-east-2", string? kind = "evacuate", string? hold = null,
        string? zone = "Europe/Berlin", string? confirm = null) => new(env, region, kind, hold, "0 10 ? * TUE#1", zone, true, confirm);

    private static Dictionary<string, string[]> Errors(DrillScheduleDraft draft) => DrillScheduleRules.Validate(draft, Topology, out _);

    [Fact]
    public void A_valid_draft_in_any_letter_case_becomes_the_drill_in_the_topologys_spelling()
    {
        var errors = DrillScheduleRules.Validate(Draft("STAGING", "US-East-2", "healthcheck", "00:05:00"), Topology, out var request);

        Assert.Empty(errors);
        Assert.Equal(("staging", "us-east-2", DrillKind.HealthCheck, TimeSpan.FromMinutes(5)),
            (request.Environment, request.Region, request.DrillKind!.Value, request.Hold!.Value));
    }

    [Fact]
    public void An_unknown_environment_is_refused_on_its_field_listing_the_known_ones()
    {
        Assert.Equal(["Unknown environment 'qa'. Known: production, staging, solo."], Errors(Draft("qa"))["environment"]);
    }

    [Fact]
    public void A_region_outside_the_environment_or_missing_is_refused_with_the_regions_allowed()
    {
        Assert.Equal(["'eu-west-1' is not a region of staging: use one of us-east-1, us-east-2."], Errors(Draft(region: "eu-west-1"))["region"]);
        Assert.Equal(["A region is required: use one of us-east-1, us-east-2."], Errors(Draft(region: " "))["region"]);
        Assert.Equal(["solo has one region: taking it out of traffic leaves nothing serving."], Errors(Draft("solo", "us-east-1"))["region"]);
    }

    [Fact]
    public void A_bad_kind_or_hold_is_refused_once_on_its_field()
    {
        Assert.Equal(["'chaos' is not a drill kind: use \"evacuate\" or \"healthcheck\"."], Errors(Draft(kind: "chaos"))["kind"]);
        Assert.StartsWith("A drill kind is required", Assert.Single(Errors(Draft(kind: null))["kind"]));
        Assert.Equal(["'5 minutes' is not a duration: use hh:mm:ss, e.g. \"00:05:00\"."], Errors(Draft(hold: "5 minutes"))["hold"]);
        Assert.Equal(["The hold must be above 0 and at most 01:00:00 (hh:mm:ss), e.g. \"00:05:00\"."], Errors(Draft(hold: "02:00:00"))["hold"]);
    }

    [Fact]
    public void A_protected_environment_needs_its_name_typed_as_a_drill_by_hand_does()
    {
        Assert.Equal(["production is protected: type its name, 'production', to confirm this action."], Errors(Draft("production"))["confirmEnvironment"]);
        Assert.Empty(Errors(Draft("production", confirm: "production")));
    }

    [Fact]
    public void A_zone_that_is_not_an_IANA_id_is_refused_on_the_time_zone_field()
    {
        var errors = Errors(Draft(zone: "Mars/Olympus"));

        Assert.Equal(["timeZone"], errors.Keys);
        Assert.Contains("Mars/Olympus", errors["timeZone"][0]);
    }
}
