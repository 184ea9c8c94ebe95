using Portal.Core.Schedules;
using Portal.Core.Topology;

namespace Portal.Core.Tests.Schedules;

/// <summary>Where a schedule may act and in which time zone: every refusal names its field and says what is allowed.</summary>
public class ScheduleRulesTests
{
    private static EnvironmentTopology Env(string name, bool isProtected) => new(name, isProtected, "Z1", $"{name}.example.com.", $"webapp-{name}",
    [
        new("us-east-1", $"arn:aws:apprunner:us-east-1:123456789012:service/webapp-{name}/a1", "webapp", "hc-1", "us-east-1"),
        new("us-east-2", $"arn:aws:apprunner:us-east-2:123456789012:service/webapp-{name}/a2", "webapp", "hc-2", "us-east-2"),
    ]);

    private static readonly PortalTopology Topology = new([Env("production", true), Env("staging", false)]);

    private static ScheduleDraft Draft(string? env = "staging", string? region = null, string? zone = "America/New_York") =>
        new(env, region, "0 20 * * 1-5", "0 8 * * 1-5", zone, true);

    [Fact]
    public void A_staging_schedule_in_an_IANA_zone_passes()
    {
        Assert.Empty(ScheduleRules.Validate(Draft(region: "us-east-2"), Topology));
    }

    [Fact]
    public void A_protected_environment_is_refused_on_the_environment_field()
    {
        var errors = ScheduleRules.Validate(Draft("production"), Topology);

        Assert.Equal(["production is protected: a protected environment is never paused by a schedule. Pause it by hand, naming it."], errors["environment"]);
    }

    [Fact]
    public void An_unknown_environment_lists_the_ones_a_schedule_can_act_on()
    {
        Assert.Equal(["Unknown environment 'qa'. Schedules can act on: staging."], ScheduleRules.Validate(Draft("qa"), Topology)["environment"]);
        Assert.Equal(["Choose an environment: staging."], ScheduleRules.Validate(Draft(" "), Topology)["environment"]);
    }

    [Fact]
    public void A_region_must_belong_to_the_environment()
    {
        Assert.Equal(["'eu-west-1' is not a region of staging: use one of us-east-1, us-east-2, or leave it empty for every region."],
            ScheduleRules.Validate(Draft(region: "eu-west-1"), Topology)["region"]);
    }

    [Fact]
    public void A_Windows_zone_id_is_refused_with_its_IANA_id()
    {
        Assert.Equal(["'Eastern Standard Time' is a Windows time zone id; use its IANA id, America/New_York."],
            ScheduleRules.Validate(Draft(zone: "Eastern Standard Time"), Topology)["timeZone"]);
    }

    [Theory]
    [InlineData("right/America/New_York", "America/New_York")]
    [InlineData("posix/Europe/Berlin", "Europe/Berlin")]
    [InlineData("posixrules", "America/New_York")]
    [InlineData("RIGHT/Asia/Tokyo", "Asia/Tokyo")]
    public void A_copy_of_a_zone_is_refused_naming_the_canonical_id(string zone, string canonical) =>
        Assert.EndsWith($"use {canonical}.", Assert.Single(ScheduleRules.Validate(Draft(zone: zone), Topology)["timeZone"]));

    [Fact]
    public void A_region_in_capitals_is_one_of_the_environments()
    {
        var errors = ScheduleRules.Validate(Draft(zone: "UTC") with { Region = "US-EAST-2" }, Topology);
        Assert.False(errors.ContainsKey("region"));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../etc/passwd")]
    [InlineData("America/New York")]
    public void A_zone_that_is_not_an_IANA_id_is_refused_with_examples(string zone)
    {
        Assert.Equal([$"'{zone}' is not an IANA time zone id: use one such as America/New_York, Europe/Berlin, Asia/Tokyo or UTC."],
            ScheduleRules.Validate(Draft(zone: zone), Topology)["timeZone"]);
    }

    [Fact]
    public void A_missing_zone_is_required()
    {
        Assert.Equal(["A time zone is required: an IANA id such as America/New_York, Europe/Berlin, Asia/Tokyo or UTC."],
            ScheduleRules.Validate(Draft(zone: ""), Topology)["timeZone"]);
    }

    [Fact]
    public void IANA_ids_resolve_to_their_canonical_spelling()
    {
        Assert.True(IanaTimeZone.TryFind(" asia/tokyo ", out var zone, out _));
        Assert.Equal("Asia/Tokyo", zone.Id);
        Assert.True(IanaTimeZone.TryFind("UTC", out _, out _));
    }
}
