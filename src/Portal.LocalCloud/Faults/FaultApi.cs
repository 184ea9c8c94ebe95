using System.Text.Json;
using Portal.LocalCloud.Ecr;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.Faults;

/// <summary>
/// LocalCloud's own control API under /_localcloud (not AWS-shaped, unsigned, loopback only): what was
/// seeded, and fault injection for reliability tests and demos. Bad input answers 400 naming the field.
/// </summary>
public sealed class FaultApi(CloudWorld world, FaultState faults, ImageReplicator images, ApiCallCounter calls)
{
    public const string BasePath = "/_localcloud";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value![BasePath.Length..].TrimEnd('/');
        var method = http.Request.Method;
        try
        {
            object? result = (method, path) switch
            {
                ("GET", "/world") => DescribeWorld(),
                ("GET", "/faults") => faults.Describe(),
                ("GET", "/stats") => new { apiCalls = calls.Total, byOperation = calls.Snapshot(), throttledByOperation = calls.Throttled(),
                    byAccount = calls.Accounts() },
                ("DELETE", "/faults") => Do(faults.Clear),
                ("POST", "/faults/region-outage") => await RegionOutage(http),
                ("POST", "/faults/throttle") => await Throttle(http),
                ("POST", "/faults/latency") => await Latency(http),
                ("POST", "/faults/route53-outage") => await Route53Outage(http),
                ("POST", "/faults/replication-lag") => await ReplicationLag(http),
                ("POST", "/images") => await PushImage(http),
                _ => null,
            };
            if (result is null)
            {
                await Write(http, 404, new { error = $"No LocalCloud control endpoint {method} {BasePath}{path}. See GET {BasePath}/world and " +
                    $"docs/localcloud.md." });
                return;
            }
            await Write(http, 200, result);
        }
        catch (FieldError e)
        {
            await Write(http, 400, new { error = e.Message, field = e.Field });
        }
    }

    private object Do(Action action)
    {
        action();
        return faults.Describe();
    }

    private async Task<object> RegionOutage(HttpContext http)
    {
        var body = await Body(http);
        var region = RequiredString(body, "region");
        if (!world.IsKnownRegion(region)) throw new FieldError("region", $"Unknown region '{region}'; LocalCloud has {string.Join(", ", world.Regions)}.");
        faults.SetRegionDown(region, OptionalBool(body, "enabled") ?? true);
        return faults.Describe();
    }

    private async Task<object> Throttle(HttpContext http)
    {
        var body = await Body(http);
        var fraction = RequiredNumber(body, "fraction");
        if (fraction is < 0 or > 1) throw new FieldError("fraction", $"fraction must be between 0 and 1 (got {fraction}).");
        var service = OptionalString(body, "service");
        string[] known = ["apprunner", "ecr", "route53", "monitoring", "dynamodb"];
        if (service is not null && !known.Contains(service)) throw new FieldError("service",
            $"service must be one of {string.Join(", ", known)} or absent for all (got '{service}').");
        faults.SetThrottling(fraction, service);
        return faults.Describe();
    }

    private async Task<object> Latency(HttpContext http)
    {
        var ms = RequiredNumber(await Body(http), "milliseconds");
        if (ms is < 0 or > 60_000) throw new FieldError("milliseconds", $"milliseconds must be 0-60000 (got {ms}).");
        faults.AddedLatency = TimeSpan.FromMilliseconds(ms);
        return faults.Describe();
    }

    private async Task<object> Route53Outage(HttpContext http)
    {
        faults.Route53ControlPlaneDown = OptionalBool(await Body(http), "enabled") ?? true;
        return faults.Describe();
    }

    private async Task<object> ReplicationLag(HttpContext http)
    {
        var body = await Body(http);
        var multiplier = RequiredNumber(body, "multiplier");
        if (multiplier is < 1 or > 10_000) throw new FieldError("multiplier", $"multiplier must be 1-10000 (got {multiplier}).");
        var seconds = OptionalNumber(body, "seconds") ?? 300;
        if (seconds is <= 0 or > 86_400) throw new FieldError("seconds", $"seconds must be above 0 and at most 86400 (got {seconds}).");
        faults.SpikeReplicationLag(multiplier, TimeSpan.FromSeconds(seconds));
        return faults.Describe();
    }

    private async Task<object> PushImage(HttpContext http)
    {
        var body = await Body(http);
        var repository = OptionalString(body, "repository") ?? Seeder.Repository;
        var tag = RequiredString(body, "tag");
        if (!EcrTags.IsValid(tag)) throw new FieldError("tag", $"tag must be 1-128 characters of letters, digits, '_', '.', '-', not starting with '.' or " +
            $"'-' (got '{tag}').");
        lock (world.Gate)
            if (!world.Repositories.Any(r => r.Name == repository)) throw new FieldError("repository", $"Unknown repository '{repository}'.");
        return images.Push(repository, tag, OptionalBool(body, "replicate") ?? true);
    }

    private object DescribeWorld()
    {
        lock (world.Gate)
            return new
            {
                accountId = world.AccountId,
                regions = world.Regions,
                environments = world.Environments.Select(e => new
                {
                    name = e.Name,
                    @protected = e.Protected,
                    hostedZoneId = e.HostedZoneId,
                    recordName = e.RecordName,
                    tableName = e.TableName,
                    accountId = e.AccountId,
                    roleArn = e.RoleArn,
                    externalId = e.ExternalId,
                    globalEndpoint = $"http://127.0.0.1:{e.GlobalEndpointPort}/",
                    regions = e.Regions.Select(r =>
                    {
                        var service = world.Services.Single(s => s.Arn == r.ServiceArn);
                        return new { region = r.Region, serviceArn = r.ServiceArn, serviceName = r.ServiceName, serviceUrl = service.ServiceUrl,
                            ecrRepository = r.EcrRepository, healthCheckId = r.HealthCheckId, setIdentifier = r.SetIdentifier };
                    }),
                }),
                expressServices = world.ExpressServices.Select(s => new
                {
                    region = s.Region,
                    environment = s.Environment,
                    serviceArn = s.Arn,
                    endpoint = s.Endpoint,
                    image = s.CurrentRevision.Image,
                    healthCheckId = s.HealthCheckId,
                    setIdentifier = s.SetIdentifier,
                }),
            };
    }

    private static async Task<JsonElement> Body(HttpContext http)
    {
        try
        {
            var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new FieldError("body", "The body must be a JSON object.");
            return doc.RootElement;
        }
        catch (JsonException e) { throw new FieldError("body", $"The body must be a JSON object: {e.Message}"); }
    }

    private static string RequiredString(JsonElement body, string field) =>
        OptionalString(body, field) ?? throw new FieldError(field, $"{field} is required (a string).");

    private static string? OptionalString(JsonElement body, string field) =>
        !body.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString() : throw new FieldError(field, $"{field} must be a string.");

    private static double RequiredNumber(JsonElement body, string field) =>
        OptionalNumber(body, field) ?? throw new FieldError(field, $"{field} is required (a number).");

    private static double? OptionalNumber(JsonElement body, string field) =>
        !body.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw new FieldError(field, $"{field} must be a number.");

    private static bool? OptionalBool(JsonElement body, string field) =>
        !body.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : throw new FieldError(field, $"{field} must be true or false.");

    private static Task Write(HttpContext http, int status, object value)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(value, Json));
    }

    private sealed class FieldError(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }
}
