using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Jobs;
using Portal.LocalCloud;
using Portal.Status;

namespace Portal.Tests.Hosting;

/// <summary>Every options type is bound and checked the same way: one start lists every problem, each with its key path.</summary>
public sealed class OptionsValidationTests
{
    [Fact]
    public void One_start_lists_the_problems_of_every_options_type_together_with_their_key_paths()
    {
        using var app = new PortalApplication()
            .With("Portal:Notifications:WebhookUrl", "not a url")
            .With("Portal:Notifications:Timeout", "00:00:00")
            .With("LocalCloud:TimeScale", "50")
            .With("Portal:Status:ReplicationLagDegraded", "00:00:00");

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var failures = Flatten(error).OfType<OptionsValidationException>().ToList();

        Assert.Contains(failures, f => f.OptionsType == typeof(NotificationOptions));
        Assert.Contains(failures, f => f.OptionsType == typeof(LocalCloudOptions));
        Assert.Contains(failures, f => f.OptionsType == typeof(StatusOptions));
        var all = string.Join('\n', failures.SelectMany(f => f.Failures));
        Assert.Contains("Portal:Notifications:WebhookUrl must be an absolute http or https URL.", all);
        Assert.DoesNotContain("not a url", all);
        Assert.Contains("Portal:Notifications:Timeout must be above 0", all);
        Assert.Contains("LocalCloud:TimeScale must be above 0 and at most 10 (got 50).", all);
        Assert.Contains("Portal:Status:ReplicationLagDegraded must be above 0", all);
    }

    [Fact]
    public void LocalCloud_settings_override_local_modes_demo_defaults()
    {
        using var app = new PortalApplication().With("LocalCloud:TimeScale", "0.5");
        _ = app.CreateClient();

        Assert.Equal(0.5, app.Services.GetRequiredService<IOptions<LocalCloudOptions>>().Value.TimeScale);
        Assert.Equal(0, app.Services.GetRequiredService<IOptions<LocalCloudOptions>>().Value.Port);
    }

    private static IEnumerable<Exception> Flatten(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Flatten)) yield return inner;
        }
    }
}
