using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Portal.Core.Audit;
using Portal.Core.Operations;
using Portal.Core.Schedules;
using Portal.Data;
using Portal.Data.Postgres;

namespace Portal.Tests.Data;

public sealed class DataExtensionsTests : IAsyncLifetime
{
    private readonly SqliteTestDatabase _folder = new();

    private static IHost Host(params (string Key, string Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddPortalData(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public async Task PostgreSQL_without_a_connection_string_stops_start_up_naming_the_setting()
    {
        using var host = Host(("Portal:Data:Provider", "Postgres"));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Portal:Data:ConnectionString is required when Portal:Data:Provider is Postgres.", failure.Failures);
    }

    [Fact]
    public async Task Cluster_timings_out_of_range_stop_start_up_naming_every_setting()
    {
        using var host = Host(("Portal:Data:JobTakeoverTimeout", "00:00:04"), ("Portal:Data:JobPollInterval", "00:00:00.010"));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            [
                "Portal:Data:JobTakeoverTimeout must be at least 5 seconds, so a busy instance's renewal is not taken for a death (got 00:00:04).",
                "Portal:Data:JobPollInterval must be at least 50 ms, Hangfire.PostgreSql's minimum (got 00:00:00.0100000).",
            ], failure.Failures);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("AUTO", null)]
    [InlineData(" auto ", null)]
    [InlineData(" portal-1 ", "portal-1")]
    public void AUTO_or_no_instance_id_leaves_the_name_to_be_generated_and_a_fixed_one_is_kept(string? configured, string? fixedId) =>
        Assert.Equal(fixedId, new DataOptions { InstanceId = configured }.FixedInstanceId);

    [Fact]
    public async Task By_default_the_records_go_to_portal_db_in_the_data_directory()
    {
        using var host = Host(("Portal:Data:Directory", _folder.Directory));
        await host.StartAsync();

        await host.Services.GetRequiredService<IOperationStore>().CreateAsync(new OperationRequest(OperationKind.Pause, "staging", "schedule:nights"));
        await host.Services.GetRequiredService<IAuditLog>().RecordAsync(new AuditEvent(DateTimeOffset.UtcNow, "ana", AuditActions.Pause, AuditOutcomes.Queued,
            null));

        Assert.True(File.Exists(Path.Combine(_folder.Directory, "portal.db")));
        Assert.IsType<SqlScheduleStore>(host.Services.GetRequiredService<IScheduleStore>());
        await host.StopAsync();
    }

    [Fact]
    public void With_PostgreSQL_configured_the_stores_use_it()
    {
        using var host = Host(("Portal:Data:Provider", "Postgres"), ("Portal:Data:ConnectionString", PostgresTestDatabase.DefaultConnectionString));

        Assert.IsType<PostgresDatabase>(host.Services.GetRequiredService<PortalDatabase>());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _folder.DisposeAsync();
}
