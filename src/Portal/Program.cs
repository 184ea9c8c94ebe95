using Portal.Aws;
using Portal.Data;
using Portal.Hosting;
using Portal.Jobs;
using Portal.Jobs.Schedules;
using Portal.Live;
using Portal.LocalMode;
using Portal.Security;
using Portal.Status;
using Portal.Telemetry;

if (args.Contains("--healthcheck")) return await HealthProbe.RunAsync();
if (args.FirstOrDefault() == HashPasswordCommand.Name) return HashPasswordCommand.Run();

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UsePortalUrls(builder.Configuration);

builder.Services.AddClockAndTopology();
builder.Services.AddPortalData(builder.Configuration);
builder.Services.AddAwsAdapters(builder.Configuration);
builder.Services.AddLocalMode(builder.Configuration);
builder.Services.AddPortalStatus();
builder.Services.AddPortalLive();
builder.Services.AddPortalJobs(builder.Configuration);
builder.Services.AddPortalCanary(builder.Configuration);
builder.Services.AddPortalDrills();
builder.Services.AddPortalSchedules();
builder.Services.AddPortalSecurity(builder.Configuration);
builder.Services.AddPortalWeb();
builder.Services.AddPortalTelemetry(builder.Configuration);

var app = builder.Build();
app.UsePortalWeb();
await app.RunAsync();
return 0;

/// <summary>The entry point, public for WebApplicationFactory.</summary>
public partial class Program;
