using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using DashboardBench;
using FleetBench;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Portal.LocalCloud;

// FleetBench: a fleet (40 environments x 3 regions by default) on one LocalCloud with AWS's real Route 53 budgets, N portal
// instances (Aws mode, one PostgreSQL) reading it, 50 viewers on the dashboard and the fleet page. Reports what issue 11
// asks: throttled answers and calls per second per operation against the budget, the age of each kind of value, page
// latency and each instance's resident set. See bench/README.md.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
try
{
    await new Bench(options, stop.Token).RunAsync();
    return 0;
}
catch (BenchSetupException e)
{
    Console.Error.WriteLine($"FleetBench: {e.Message}");
    return 2;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    return 130;
}

internal sealed record BenchOptions(int Instances, int Seconds, int Viewers, int Environments, string[] Regions, string? Postgres, string? Root)
{
    public const string Usage = """
        usage: dotnet run -c Release --project bench/FleetBench [-- options]
          --instances N      portal instances on one PostgreSQL (default 3)
          --seconds S        how long the measured phase runs (default 600: ten minutes)
          --viewers N        viewers alternating the dashboard and the fleet page (default 50)
          --environments N   environments LocalCloud seeds (default 40)
          --regions LIST     their regions, comma-separated (default us-east-1,us-east-2,us-west-2)
          --postgres CONN    PostgreSQL connection string (default $PORTAL_TEST_POSTGRES; build/start-postgres.sh prints one)
          --root DIR         repository root (default: found from the current directory)
        The portals are started from src/Portal/bin/Release/net10.0/Portal.dll: run `dotnet build -c Release` first.
        """;

    public static BenchOptions? Parse(string[] args)
    {
        var o = new BenchOptions(3, 600, 50, 40, ["us-east-1", "us-east-2", "us-west-2"], Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES"), null);
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new BenchSetupException($"{args[i]} needs a value.");
            int Number(int min, int max) => int.TryParse(Next(), out var n) && n >= min && n <= max
                ? n : throw new BenchSetupException($"{args[i - 1]} must be {min}-{max}.");
            o = args[i] switch
            {
                "--instances" => o with { Instances = Number(1, 10) },
                "--seconds" => o with { Seconds = Number(10, 86_400) },
                "--viewers" => o with { Viewers = Number(0, 1000) },
                "--environments" => o with { Environments = Number(2, 200) },
                "--regions" => o with { Regions = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--postgres" => o with { Postgres = Next() },
                "--root" => o with { Root = Next() },
                _ => null,
            };
            if (o is null) return null;
        }
        return o;
    }
}

internal sealed class Bench(BenchOptions options, CancellationToken ct)
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, UseProxy = false }) { Timeout = TimeSpan.FromSeconds(60) };

    public async Task RunAsync()
    {
        var root = options.Root ?? FindRoot();
        if (string.IsNullOrWhiteSpace(options.Postgres))
            throw new BenchSetupException("No PostgreSQL: pass --postgres or export PORTAL_TEST_POSTGRES=$(build/start-postgres.sh).");
        if (PortalProcess.StaleBuildWarning(root) is { } warning) Console.WriteLine(warning);

        var cloudOptions = new LocalCloudOptions { Port = 0, Environments = options.Environments, Regions = options.Regions, TrafficRatePerSecond = 1 };
        var problems = cloudOptions.Validate();
        if (problems.Count > 0) throw new BenchSetupException(string.Join(" ", problems));
        await using var cloud = await LocalCloudHost.StartAsync(cloudOptions, NullLoggerFactory.Instance);
        Console.WriteLine($"LocalCloud at {cloud.Endpoint}: {options.Environments} environments x {options.Regions.Length} regions, Route 53 budgets at " +
            $"AWS's figures.");

        var schema = "fleetbench_" + Guid.NewGuid().ToString("N")[..12];
        await using var database = NpgsqlDataSource.Create(options.Postgres);
        await Execute(database, $"CREATE SCHEMA {schema}");
        var connection = new NpgsqlConnectionStringBuilder(options.Postgres) { SearchPath = schema }.ConnectionString;
        using var jwt = new ViewerJwt();
        var portals = new List<PortalProcess>();
        try
        {
            var topology = Topology(cloud);
            for (var i = 0; i < options.Instances; i++)
            {
                var instance = $"fleet-{i + 1}";
                portals.Add(PortalProcess.Start(root, start =>
                {
                    start.Environment.Remove("PORTAL_LOCAL_TOKEN");
                    foreach (var (key, value) in topology.Concat(jwt.PortalSettings())) start.Environment[key] = value;
                    start.Environment["Portal__Data__Provider"] = "Postgres";
                    start.Environment["Portal__Data__ConnectionString"] = connection;
                    start.Environment["Portal__Data__InstanceId"] = instance;
                    start.Environment["AWS_ENDPOINT_URL"] = cloud.Endpoint.ToString().TrimEnd('/');
                    start.Environment["AWS_ACCESS_KEY_ID"] = cloud.Options.AccessKeyId;
                    start.Environment["AWS_SECRET_ACCESS_KEY"] = cloud.Options.SecretAccessKey;
                    start.Environment.Remove("AWS_SESSION_TOKEN");
                    start.Environment.Remove("AWS_PROFILE");
                    start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
                    start.Environment["Logging__LogLevel__Default"] = "Warning";
                }));
            }
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                jwt.Token(TimeSpan.FromSeconds(options.Seconds) + TimeSpan.FromMinutes(30)));
            foreach (var portal in portals) await portal.WaitHealthyAsync(_http, TimeSpan.FromSeconds(120), ct);
            foreach (var portal in portals) await WaitForFleetAsync(portal);
            Console.WriteLine($"{portals.Count} portal instance(s) serve the fleet; measuring for {options.Seconds} s with {options.Viewers} viewers.");
            await MeasureAsync(cloud, portals);
        }
        finally
        {
            foreach (var portal in portals) portal.Dispose();
            await Execute(database, $"DROP SCHEMA IF EXISTS {schema} CASCADE; DROP SCHEMA IF EXISTS {schema}_hangfire CASCADE");
        }
    }

    private async Task MeasureAsync(LocalCloudHost cloud, List<PortalProcess> portals)
    {
        var stats0 = await StatsAsync(cloud);
        var clock = Stopwatch.StartNew();
        using var measuring = CancellationTokenSource.CreateLinkedTokenSource(ct);
        measuring.CancelAfter(TimeSpan.FromSeconds(options.Seconds));
        var latencies = new Dictionary<string, List<double>> { ["/"] = [], ["/fleet"] = [] };
        var failures = 0;
        var ages = new Dictionary<string, List<double>>();
        var peakRss = new long[portals.Count];

        async Task Viewer(int v)
        {
            var portal = portals[v % portals.Count];
            // Viewers start spread over the first 2 s, then each loads a page, reads it for a second, loads the other.
            await Task.Delay(TimeSpan.FromMilliseconds(2000.0 * v / Math.Max(1, options.Viewers)), measuring.Token);
            for (var n = v; !measuring.IsCancellationRequested; n++)
            {
                var route = n % 2 == 0 ? "/" : "/fleet";
                var watch = Stopwatch.StartNew();
                using var response = await _http.GetAsync(new Uri(portal.BaseAddress, route.TrimStart('/')), HttpCompletionOption.ResponseContentRead,
                    measuring.Token);
                lock (latencies)
                {
                    if (response.IsSuccessStatusCode) latencies[route].Add(watch.Elapsed.TotalMilliseconds);
                    else failures++;
                }
                await Task.Delay(1000, measuring.Token);
            }
        }

        async Task Sampler()
        {
            for (var n = 0; !measuring.IsCancellationRequested; n++)
            {
                for (var i = 0; i < portals.Count; i++) peakRss[i] = Math.Max(peakRss[i], portals[i].Memory().Rss);
                if (n % 5 == 0) await SampleAgesAsync(portals[n / 5 % portals.Count], ages);
                await Task.Delay(1000, measuring.Token);
            }
        }

        var tasks = Enumerable.Range(0, options.Viewers).Select(Viewer).Append(Sampler()).ToList();
        try { await Task.WhenAll(tasks); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
        var elapsed = clock.Elapsed.TotalSeconds;
        var stats1 = await StatsAsync(cloud);
        Report(stats0, stats1, elapsed, latencies, failures, ages, portals, peakRss);
    }

    private void Report((Dictionary<string, long> Calls, Dictionary<string, long> Throttled) before,
        (Dictionary<string, long> Calls, Dictionary<string, long> Throttled) after,
        double seconds, Dictionary<string, List<double>> latencies, int failures, Dictionary<string, List<double>> ages, List<PortalProcess> portals,
            long[] peakRss)
    {
        Console.WriteLine();
        Console.WriteLine($"FleetBench: {options.Environments} environments x {options.Regions.Length} regions, {portals.Count} instance(s), {seconds:F0} s, " +
            $"{options.Viewers} viewers");
        Console.WriteLine();
        Console.WriteLine("| operation | calls/s | AWS budget/s | share of budget | throttled |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        double route53 = 0;
        foreach (var op in after.Calls.Keys.Order(StringComparer.Ordinal))
        {
            var rate = (after.Calls[op] - before.Calls.GetValueOrDefault(op)) / seconds;
            var throttled = after.Throttled.GetValueOrDefault(op) - before.Throttled.GetValueOrDefault(op);
            if (rate == 0 && throttled == 0) continue;
            if (op.StartsWith("route53:", StringComparison.Ordinal)) route53 += rate;
            var budget = Budget(op);
            Console.WriteLine($"| {op} | {rate:F2} | {(budget is { } b ? b.ToString("0.#") : "—")} | {(budget is { } b2 ? $"{100 * rate / b2:F0}%" : "—")} | " +
                $"{throttled} |");
        }
        var route53Throttled = after.Throttled.Where(t => t.Key.StartsWith("route53:", StringComparison.Ordinal))
            .Sum(t => t.Value - before.Throttled.GetValueOrDefault(t.Key));
        Console.WriteLine($"| route53 (account, all operations) | {route53:F2} | 10 | {10 * route53:F0}% | {route53Throttled} |");
        Console.WriteLine();
        Console.WriteLine("| value | age p50 | age p95 | samples | never read |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (kind, list) in ages.OrderBy(a => a.Key, StringComparer.Ordinal))
            Console.WriteLine($"| {kind} | {Age(Percentile(list, 0.50))} | {Age(Percentile(list, 0.95))} | {list.Count} | " +
                $"{list.Count(double.IsPositiveInfinity)} |");
        Console.WriteLine();
        Console.WriteLine("| page | requests | p50 | p95 | p99 |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (route, list) in latencies)
            Console.WriteLine($"| {route} | {list.Count} | {Percentile(list, 0.50):F0} ms | {Percentile(list, 0.95):F0} ms | {Percentile(list, 0.99):F0} ms |");
        Console.WriteLine($"Failed page loads: {failures}");
        Console.WriteLine();
        for (var i = 0; i < portals.Count; i++)
            Console.WriteLine($"Instance fleet-{i + 1}: RSS peak {peakRss[i] / 1048576.0:F0} MB, now {portals[i].Memory().Rss / 1048576.0:F0} MB");
    }

    /// <summary>AWS's documented per-account Route 53 request rates ("Throttling for Amazon Route 53 API requests"); null where no rate is documented
    /// here.</summary>
    private static double? Budget(string operation) => operation switch
    {
        "route53:GetHealthCheckStatus" or "route53:GetHealthCheckLastFailureReason" => 1,
        _ when operation.StartsWith("route53:", StringComparison.Ordinal) => 10,
        _ => null,
    };

    /// <summary>How old each kind of value is on one instance's status API now, one sample per region.</summary>
    private async Task SampleAgesAsync(PortalProcess portal, Dictionary<string, List<double>> ages)
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync(new Uri(portal.BaseAddress, "api/environments"), ct));
        var now = DateTimeOffset.UtcNow;
        // A value never read yet counts as infinitely old: it sorts above every read one in the percentiles.
        void Add(string kind, JsonElement at)
        {
            var age = at.ValueKind == JsonValueKind.String && at.TryGetDateTimeOffset(out var t)
                ? Math.Max(0, (now - t).TotalSeconds) : double.PositiveInfinity;
            lock (ages) (ages.TryGetValue(kind, out var list) ? list : ages[kind] = []).Add(age);
        }
        foreach (var env in json.RootElement.EnumerateArray())
            foreach (var region in env.GetProperty("regions").EnumerateArray())
            {
                Add("service (DescribeService)", region.GetProperty("serviceReadAt"));
                Add("health check (GetHealthCheckStatus)", region.GetProperty("healthCheck").GetProperty("observedAt"));
                Add("probe (the portal's own)", region.GetProperty("probe") is { ValueKind: JsonValueKind.Object } probe
                    ? probe.GetProperty("probedAt") : default);
                Add("metrics minute (GetMetricData)", region.GetProperty("metrics") is { ValueKind: JsonValueKind.Object } metrics
                    ? metrics.GetProperty("minute") : default);
            }
    }

    private async Task WaitForFleetAsync(PortalProcess portal)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await _http.GetAsync(new Uri(portal.BaseAddress, "api/fleet"), ct);
            if (response.IsSuccessStatusCode)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                if (json.RootElement.GetProperty("rows").GetArrayLength() == options.Environments) return;
            }
            else if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound)
                throw new BenchSetupException($"GET /api/fleet answered {(int)response.StatusCode}.{portal.Tail()}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(180)) throw new BenchSetupException($"The fleet page never listed {options.Environments} " +
                $"environments.{portal.Tail()}");
            await Task.Delay(500, ct);
        }
    }

    private async Task<(Dictionary<string, long> Calls, Dictionary<string, long> Throttled)> StatsAsync(LocalCloudHost cloud)
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync(new Uri(cloud.Endpoint, "_localcloud/stats"), ct));
        static Dictionary<string, long> Read(JsonElement e) => e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
        return (Read(json.RootElement.GetProperty("byOperation")), Read(json.RootElement.GetProperty("throttledByOperation")));
    }

    /// <summary>Portal:Environments as environment variables, from what LocalCloud seeded.</summary>
    private static Dictionary<string, string> Topology(LocalCloudHost cloud)
    {
        var settings = new Dictionary<string, string> { ["Portal__Mode"] = "Aws" };
        lock (cloud.World.Gate)
            for (var e = 0; e < cloud.World.Environments.Count; e++)
            {
                var env = cloud.World.Environments[e];
                var at = $"Portal__Environments__{e}__";
                settings[at + "Name"] = env.Name;
                settings[at + "Application"] = env.Application;
                settings[at + "Protected"] = env.Protected ? "true" : "false";
                settings[at + "HostedZoneId"] = env.HostedZoneId;
                settings[at + "RecordName"] = env.RecordName;
                settings[at + "TableName"] = env.TableName;
                for (var r = 0; r < env.Regions.Count; r++)
                {
                    var region = env.Regions[r];
                    var rat = $"{at}Regions__{r}__";
                    settings[rat + "Region"] = region.Region;
                    settings[rat + "ServiceArn"] = region.ServiceArn;
                    settings[rat + "EcrRepository"] = region.EcrRepository;
                    settings[rat + "HealthCheckId"] = region.HealthCheckId;
                    settings[rat + "SetIdentifier"] = region.SetIdentifier;
                }
            }
        return settings;
    }

    private static string Age(double seconds) => double.IsPositiveInfinity(seconds) ? "never read" : $"{seconds:F1} s";

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static async Task Execute(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Portal.sln"))) return dir.FullName;
        throw new BenchSetupException("Run from inside the repository (no Portal.sln above the current directory), or pass --root.");
    }
}
