using System.Net;

namespace Portal.Tests.Jobs;

/// <summary>
/// The App Runner → ECS Express migration end to end against LocalCloud (--Runtime us-east-2=Migrating: an Express
/// service beside App Runner on the same image, its own record at weight 0 and its own health check). The analysis needs
/// whole CloudWatch minutes, so its verdicts are tested with in-memory ports (Portal.Core.Tests Migration).
/// </summary>
public sealed class MigrationTests : PortalPerTest
{
    public override Task InitializeAsync()
    {
        App.With("LocalCloud:Runtime", "us-east-2=Migrating");
        return base.InitializeAsync();
    }

    [Fact]
    public async Task A_migration_shifts_the_first_step_by_weight_the_page_shows_both_shares_and_cancel_restores_the_last_good_split()
    {
        var id = await Jobs.AcceptedAsync("/api/environments/staging/migrations", new { region = "us-east-2" });
        await Jobs.StepAsync(id, "us-east-2: analysis at 10% to ECS Express", "Running");

        Assert.Equal((115, 13, 128), Weights());
        var page = await Jobs.Http.GetStringAsync("/environments/staging/migrate");
        Assert.Contains("weight 115", page);
        Assert.Contains("weight 13", page);
        Assert.Contains("10.2%", page);

        Assert.Equal(HttpStatusCode.Accepted, (await Jobs.PostAsync($"/api/jobs/{id}/cancel")).StatusCode);
        var job = await Jobs.FinishedAsync(id);

        Assert.Equal("Cancelled", job.GetProperty("state").GetString());
        Assert.Contains("Weights restored: App Runner 128, ECS Express 0.", JobsClient.Outcome(job));
        Assert.Equal((128, 0, 128), Weights());
        var check = job.GetProperty("steps")[0].GetProperty("message").GetString();
        Assert.Contains("Both services RUNNING v1, each with its own record and healthy check. Now: App Runner 128, ECS Express 0; ECS Express will get 13 " +
            "(10%), then 64 (50%), then 128 (100%).", check);
    }

    [Fact]
    public async Task A_region_without_an_express_service_is_refused_naming_the_regions_that_can_migrate()
    {
        var response = await Jobs.PostAsync("/api/environments/staging/migrations", new { region = "us-east-1" });
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains("us-east-1 has no ECS Express service configured beside App Runner", text);
        var missing = await Jobs.PostAsync("/api/environments/staging/migrations", new { pauseAppRunner = true });
        Assert.Contains("A region is required: use one of us-east-2.", await missing.Content.ReadAsStringAsync());
        Assert.Equal(0, await Jobs.JobCountAsync());
    }

    [Fact]
    public async Task The_dashboard_shows_the_migrating_region_on_app_runner_with_express_beside_it()
    {
        var page = await Jobs.Http.GetStringAsync("/");
        Assert.Contains("ECS Express service beside it (record us-east-2-ecs-express), ready to migrate", page);
        Assert.Contains(">App Runner</dt>", page);
    }

    // staging's App Runner and Express records in us-east-2, and us-east-1's, as LocalCloud's Route 53 holds them.
    private (int AppRunner, int Express, int Other) Weights()
    {
        var world = App.LocalCloud.World;
        lock (world.Gate)
        {
            var records = world.HostedZones.SelectMany(z => z.Records).Where(r => r.Name == "staging.example.com.")
                .ToDictionary(r => r.SetIdentifier!, r => (int)r.Weight!.Value);
            return (records["us-east-2"], records["us-east-2-ecs-express"], records["us-east-1"]);
        }
    }
}
