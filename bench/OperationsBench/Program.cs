using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Portal.LocalCloud.Protocol;
using Portal.LocalMode;

// Operations, measured: (1) from the click (POST accepted) to the portal's first AWS call for that job, and
// (2) the portal's own overhead in a rollout: its total time minus App Runner's operation times and the bakes.
//   dotnet run -c Release --project bench/OperationsBench [-- clicks rollouts]
// With OPERATIONS_BENCH_POSTGRES set to a PostgreSQL connection string, the portal keeps its records and Hangfire's
// jobs there (a fresh schema, dropped at the end) instead of SQLite and Hangfire.InMemory.
var clicks = args.Length > 0 ? int.Parse(args[0]) : 40;
var rollouts = args.Length > 1 ? int.Parse(args[1]) : 5;
var bake = TimeSpan.FromSeconds(1);
const string Token = "operations-bench-local-token-0001";

await using var portal = await BenchPortal.StartAsync(Token, bake, Environment.GetEnvironmentVariable("OPERATIONS_BENCH_POSTGRES"));
Console.WriteLine($"Storage: {(portal.Postgres ? "PostgreSQL (records) + Hangfire.PostgreSql" : "SQLite (records) + Hangfire.InMemory")}");
using var http = portal.CreateClient();
http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
var counter = portal.Services.GetRequiredService<LocalCloudRuntime>().Host.Services.GetRequiredService<ApiCallCounter>();

// Every AWS call LocalCloud answers, with the moment it arrived.
var firstCall = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
var watching = false;
counter.Observed += key => { if (Volatile.Read(ref watching) && key.StartsWith("apprunner:",
    StringComparison.Ordinal)) firstCall.TrySetResult(Stopwatch.GetTimestamp()); };

async Task<JsonElement> FinishedAsync(string id)
{
    while (true)
    {
        var job = JsonDocument.Parse(await http.GetStringAsync($"/api/jobs/{id}")).RootElement;
        if (job.GetProperty("state").GetString() is "Succeeded" or "Failed" or "Cancelled" or "Interrupted") return job;
        await Task.Delay(20);
    }
}

async Task<string> SubmitAsync(string path, object body)
{
    using var response = await http.PostAsJsonAsync(path, body);
    var text = await response.Content.ReadAsStringAsync();
    if ((int)response.StatusCode != 202) throw new InvalidOperationException($"{path}: {(int)response.StatusCode} {text}");
    return JsonDocument.Parse(text).RootElement.GetProperty("jobId").GetString()!;
}

// The status collector polls App Runner on its own; the benchmark turns it down (Portal:Status below) and waits it out.
await Task.Delay(TimeSpan.FromSeconds(3));

// (1) Click to first AWS call: pause and resume staging us-east-2, alternately.
var toFirstCall = new List<double>();
var toAccepted = new List<double>();
// An even count, so staging ends resumed for the rollouts.
var rounds = clicks + 6 + (clicks % 2);
for (var i = 0; i < rounds; i++)
{
    firstCall = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
    Volatile.Write(ref watching, true);
    var clicked = Stopwatch.GetTimestamp();
    var id = await SubmitAsync($"/api/environments/staging/{(i % 2 == 0 ? "pause" : "resume")}", new { region = "us-east-2" });
    var accepted = Stopwatch.GetTimestamp();
    var called = await firstCall.Task.WaitAsync(TimeSpan.FromSeconds(30));
    Volatile.Write(ref watching, false);
    await FinishedAsync(id);
    if (i < 6) continue; // warm-up: JIT, first database and Hangfire use
    toFirstCall.Add(Stopwatch.GetElapsedTime(clicked, called).TotalMilliseconds);
    toAccepted.Add(Stopwatch.GetElapsedTime(clicked, accepted).TotalMilliseconds);
}

// (2) Rollouts across both regions, alternating v2 and v1; LocalCloud's own operation times from its world.
var overheads = new List<double>();
var totals = new List<double>();
for (var i = 0; i < rollouts; i++)
{
    var tag = i % 2 == 0 ? "v2" : "v1";
    var started = Stopwatch.GetTimestamp();
    var job = await FinishedAsync(await SubmitAsync("/api/environments/staging/deployments", new { imageTag = tag }));
    var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if (job.GetProperty("state").GetString() != "Succeeded") throw new InvalidOperationException($"rollout {i} ended {job}");
    var appRunner = portal.LatestUpdateDurations("staging").Sum(d => d.TotalMilliseconds);
    var bakes = 2 * bake.TotalMilliseconds;
    totals.Add(total);
    overheads.Add(total - appRunner - bakes);
}

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

Console.WriteLine($"Click to 202 Accepted ({toAccepted.Count} actions):        p50 {Percentile(toAccepted, 0.5):0.0} ms, p99 " +
    $"{Percentile(toAccepted, 0.99):0.0} ms");
Console.WriteLine($"Click to the job's first AWS call ({toFirstCall.Count}):     p50 {Percentile(toFirstCall, 0.5):0.0} ms, p99 " +
    $"{Percentile(toFirstCall, 0.99):0.0} ms");
Console.WriteLine($"Rollout, both regions ({rollouts}):                      total p50 {Percentile(totals, 0.5):0} ms; portal overhead p50 " +
    $"{Percentile(overheads, 0.5):0} ms, max {overheads.Max():0} ms");
Console.WriteLine($"  (overhead = total - App Runner's UpdateService durations in LocalCloud - {2 * bake.TotalSeconds:0} s of bakes; LocalCloud TimeScale " +
    $"{BenchPortal.TimeScale})");
return 0;

/// <summary>The portal in local mode, in this process, with a fresh data folder (or PostgreSQL schema) and the status collector turned down.</summary>
internal sealed class BenchPortal(string token, TimeSpan bake, string? postgres) : WebApplicationFactory<Portal.Pages.IndexModel>
{
    public const double TimeScale = 0.01;
    private readonly string _data = Path.Combine(Path.GetTempPath(), "portal-operations-bench", Guid.NewGuid().ToString("N"));
    private readonly string _schema = "bench_" + Guid.NewGuid().ToString("N");

    public bool Postgres => postgres is not null;

    private string SchemaConnectionString => new Npgsql.NpgsqlConnectionStringBuilder(postgres) { SearchPath = _schema }.ConnectionString;

    public static async Task<BenchPortal> StartAsync(string token, TimeSpan bake, string? postgres)
    {
        var portal = new BenchPortal(token, bake, postgres);
        if (postgres is not null) await portal.ExecuteAsync($"CREATE SCHEMA {portal._schema}");
        return portal;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Portal.sln"))) root = root.Parent;
        builder.UseContentRoot(Path.Combine(root?.FullName ?? ".", "src", "Portal"));
        builder.UseSetting("PORTAL_LOCAL_TOKEN", token);
        builder.UseSetting("LocalCloud:TimeScale", TimeScale.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("LocalCloud:TrafficRatePerSecond", "5");
        builder.UseSetting("Portal:Data:Directory", _data);
        if (postgres is not null)
        {
            builder.UseSetting("Portal:Data:Provider", "Postgres");
            builder.UseSetting("Portal:Data:ConnectionString", SchemaConnectionString);
        }
        builder.UseSetting("Portal:Status:RefreshInterval", "00:10:00");
        builder.UseSetting("Portal:Status:MetricsInterval", "00:10:00");
        builder.UseSetting("Portal:Status:StaleAfter", "00:20:00");
        builder.UseSetting("Portal:Operations:PollInterval", "00:00:00.050");
        builder.UseSetting("Portal:Operations:BakeTime", bake.ToString());
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    /// <summary>How long App Runner (LocalCloud) took for each region's newest UpdateService operation.</summary>
    public IEnumerable<TimeSpan> LatestUpdateDurations(string environment)
    {
        var world = Services.GetRequiredService<LocalCloudRuntime>().Host.World;
        lock (world.Gate)
            return [.. world.Services.Where(s => s.Environment == environment)
                .Select(s => s.Operations.First(o => o.Type == "UPDATE_SERVICE"))
                .Select(o => (o.EndedAt ?? o.StartedAt) - o.StartedAt)];
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
        if (postgres is not null)
            await ExecuteAsync($"DROP SCHEMA {_schema} CASCADE; DROP SCHEMA IF EXISTS {Portal.Jobs.JobEngine.PostgresSchemaOf(SchemaConnectionString)} " +
                $"CASCADE");
    }
}
