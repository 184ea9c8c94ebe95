namespace Portal.Tests.Jobs;

/// <summary>
/// Deployments and rollbacks when a region runs ECS Express (LocalCloud's --Runtime us-east-1=EcsExpress): the same
/// operations, through the ECS adapter, and ECS's own rollback of a failing revision reported as such.
/// </summary>
public sealed class ExpressDeploymentTests : PortalPerTest
{
    public override Task InitializeAsync()
    {
        App.With("LocalCloud:Runtime", "us-east-1=EcsExpress");
        return base.InitializeAsync();
    }

    [Fact]
    public async Task A_deployment_updates_the_express_region_through_ecs_and_keeps_its_configuration()
    {
        var before = ExpressRevision("staging");
        var id = await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" });
        var job = await Jobs.FinishedAsync(id);

        Assert.True(job.GetProperty("state").GetString() == "Succeeded", job.ToString());
        Assert.Contains("us-east-1: wait for ECS Express", JobsClient.StepNames(job));
        Assert.Contains("us-east-2: wait for App Runner", JobsClient.StepNames(job));
        var deploy = Step(job, "us-east-1: deploy v2");
        Assert.Contains("UpdateExpressGatewayService accepted: ECS service revision arn:aws:ecs:us-east-1:", deploy);
        Assert.Contains("kept: port 8080", deploy);
        var after = ExpressRevision("staging");
        Assert.EndsWith(":v2", after.Image, StringComparison.Ordinal);
        // Everything but the image is the active configuration's.
        Assert.Equal(before with { Image = after.Image }, after);
        Assert.True(Jobs.Calls("ecs:UpdateExpressGatewayService") == 1);
        Jobs.AssertService("staging", "us-east-2", ("RUNNING", "v2", 1), job);
        // The App Runner service beside it, at weight 0, is not the region's service and is not touched.
        Jobs.AssertService("staging", "us-east-1", ("RUNNING", "v1", 0), job);
    }

    [Fact]
    public async Task A_failing_revision_rolled_back_by_ecs_is_reported_as_such_and_the_next_region_is_untouched()
    {
        var id = await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v3-broken" });
        var job = await Jobs.FinishedAsync(id);

        Assert.Equal("Failed", job.GetProperty("state").GetString());
        var outcome = JobsClient.Outcome(job);
        Assert.Contains("ECS service deployment UPDATE_SERVICE ended ROLLBACK_SUCCEEDED (ECS rolled the service back to its previous revision)", outcome);
        Assert.Contains("failed the load balancer health check", outcome);
        Assert.Contains("us-east-1 was rolled back to v1", outcome);
        // ECS already put v1 back, so the portal's rollback step had nothing to update.
        Assert.Equal(1, Jobs.Calls("ecs:UpdateExpressGatewayService"));
        Assert.EndsWith(":v1", ExpressRevision("staging").Image, StringComparison.Ordinal);
        Assert.DoesNotContain(JobsClient.StepNames(job), s => s.StartsWith("us-east-2", StringComparison.Ordinal));
        Jobs.AssertService("staging", "us-east-2", ("RUNNING", "v1", 0), job);
    }

    [Fact]
    public async Task Roll_back_returns_the_express_region_to_its_previous_image()
    {
        Assert.Equal("Succeeded", (await Jobs.FinishedAsync(await Jobs.AcceptedAsync("/api/environments/staging/deployments", new { imageTag = "v2" })))
            .GetProperty("state").GetString());
        var job = await Jobs.FinishedAsync(await Jobs.AcceptedAsync("/api/environments/staging/rollback"));

        Assert.True(job.GetProperty("state").GetString() == "Succeeded", job.ToString());
        Assert.EndsWith(":v1", ExpressRevision("staging").Image, StringComparison.Ordinal);
        Assert.Equal(2, Jobs.Calls("ecs:UpdateExpressGatewayService"));
        Jobs.AssertService("staging", "us-east-2", ("RUNNING", "v1", 2), job);
    }

    [Fact]
    public async Task Pausing_the_express_region_is_refused_with_the_reason_and_nothing_is_queued()
    {
        var response = await Jobs.PostAsync("/api/environments/staging/pause", new { region = "us-east-1" });
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, text);
        Assert.Contains("runs ECS Express, which cannot be paused", text);
        Assert.Equal(0, await Jobs.JobCountAsync());
    }

    [Fact]
    public async Task The_dashboard_card_says_the_region_runs_ecs_express_and_reads_it_through_ecs()
    {
        var (html, seen) = await Eventually.ValueAsync(() => Jobs.Http.GetStringAsync("/"),
            h => Card(h, "us-east-1") is { } card && card.Contains(">RUNNING<", StringComparison.Ordinal)
                && card.Contains("probe-ok", StringComparison.Ordinal));
        Assert.True(seen, html);
        var east1 = Card(html, "us-east-1")!;
        Assert.Contains(">ECS Express</dt>", east1);
        Assert.Contains(">App Runner</dt>", Card(html, "us-east-2"));
        Assert.True(Jobs.Calls("ecs:DescribeExpressGatewayService") > 0);
        Assert.True(Jobs.Calls("ecs:ListServiceDeployments") > 0);
    }

    // The first card of the region (production's comes first), up to the next card.
    private static string? Card(string html, string region)
    {
        var start = html.IndexOf($"data-region=\"{region}\"", StringComparison.Ordinal);
        if (start < 0) return null;
        var end = html.IndexOf("</article>", start, StringComparison.Ordinal);
        return end < 0 ? html[start..] : html[start..end];
    }

    private static string Step(System.Text.Json.JsonElement job, string name) =>
        job.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name).GetProperty("message").GetString()!;

    private Portal.LocalCloud.World.ExpressRevision ExpressRevision(string environment)
    {
        _ = Jobs.Http;
        var world = App.LocalCloud.World;
        lock (world.Gate)
            return world.ExpressServices.Single(s => s.Environment == environment && s.Region == "us-east-1")
                .CurrentRevision with { Arn = "", CreatedAt = default };
    }
}
