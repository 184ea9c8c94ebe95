using System.Collections.Concurrent;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.Extensions.Options;
using Portal.Core.Tables;
using ReplicaStatus = Portal.Core.Tables.ReplicaStatus;

namespace Portal.Aws.DynamoDb;

/// <summary>
/// DynamoDB DescribeTable through AWSSDK.DynamoDBv2 (the one AWS service here with an SDK package).
/// One client per region and credential set (the table's account, <see cref="AwsAccountRouter"/>), pointed at the
/// resolved endpoint (ServiceURL + AuthenticationRegion when overridden).
/// </summary>
public sealed class DynamoDbGlobalTable(
    AwsAccountRouter accounts,
    AwsEndpointResolver endpoints,
    IOptions<AwsOptions> options,
    ILogger<DynamoDbGlobalTable> logger) : IGlobalTable, IDisposable
{
    private const string Operation = "DescribeTable";
    private readonly ConcurrentDictionary<(string Region, AWSCredentials Credentials), AmazonDynamoDBClient> _clients = new();

    public async Task<GlobalTableState> DescribeAsync(string region, string tableName, CancellationToken ct = default)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var service = AwsService.DynamoDb;
        // The SDK retries inside the call, so the span has no per-attempt events here.
        using var telemetry = AwsCallTelemetry.Start(service, Operation, region);
        var credentials = accounts.CredentialsFor(service, region, Operation, tableName);
        // An AssumeRole failure is this call's error, in the portal's words, not the SDK's.
        await AwsAccountRouter.ResolveAsync(credentials, ct);
        try
        {
            var response = await ClientFor(region, credentials).DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, ct);
            telemetry.Outcome("success");
            logger.LogInformation("AWS {Service} {Operation} {Region}: {Status} in {ElapsedMs:F0} ms", service.SigningName, Operation, region,
                (int)response.HttpStatusCode, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return ToState(region, response.Table)
                ?? throw new AwsResponseException(service.DisplayName, Operation, region, "the answer had no Table.");
        }
        catch (AmazonServiceException e) when (e.StatusCode != 0)
        {
            logger.LogWarning("AWS {Service} {Operation} {Region}: {Status} {ErrorCode} in {ElapsedMs:F0} ms", service.SigningName, Operation, region,
                (int)e.StatusCode, e.ErrorCode, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            telemetry.Attempt(null, (int)e.StatusCode, e.ErrorCode);
            telemetry.Outcome(e.ErrorCode ?? "UnknownError");
            throw new AwsServiceException(e.ErrorCode ?? "UnknownError", e.Message, e.StatusCode, service.DisplayName, Operation, region, e.RequestId);
        }
        catch (AmazonClientException e)
        {
            // The SDK could not send, or could not read what came back.
            throw new AwsUnreachableException(service.DisplayName, Operation, region, e.Message, e);
        }
        catch (HttpRequestException e)
        {
            throw new AwsUnreachableException(service.DisplayName, Operation, region, e.Message, e);
        }
    }

    /// <summary>The table seen from <paramref name="region"/>: its own replica first (ACTIVE when the table is), then the others as reported.</summary>
    public static GlobalTableState? ToState(string region, TableDescription? table)
    {
        if (table is null) return null;
        var tableStatus = table.TableStatus?.Value ?? "UNKNOWN";
        var replicas = new List<ReplicaState>();
        var reported = table.Replicas ?? [];
        if (!reported.Any(r => r.RegionName == region))
            replicas.Add(Replica(region, tableStatus == "ACTIVE" ? "ACTIVE" : tableStatus));
        replicas.AddRange(reported.Where(r => !string.IsNullOrEmpty(r.RegionName)).Select(r => Replica(r.RegionName, r.ReplicaStatus?.Value ?? "UNKNOWN")));
        return new GlobalTableState(table.TableName ?? "", tableStatus, replicas);
    }

    private static ReplicaState Replica(string region, string status) =>
        new(region, WireReader.TryEnum<ReplicaStatus>(status, out var known) && known != ReplicaStatus.Other ? known : ReplicaStatus.Other, status);

    private AmazonDynamoDBClient ClientFor(string region, AWSCredentials credentials) => _clients.GetOrAdd((region, credentials), key =>
    {
        var r = key.Region;
        var resilience = options.Value.Resilience;
        var config = new AmazonDynamoDBConfig
        {
            MaxErrorRetry = resilience.MaxRetries,
            RetryMode = RequestRetryMode.Standard,
            Timeout = resilience.AttemptTimeout,
        };
        if (endpoints.IsOverridden(AwsService.DynamoDb, r))
        {
            config.ServiceURL = endpoints.Resolve(AwsService.DynamoDb, r).ToString();
            config.AuthenticationRegion = r;
        }
        else config.RegionEndpoint = RegionEndpoint.GetBySystemName(r);
        return new AmazonDynamoDBClient(key.Credentials, config);
    });

    public void Dispose()
    {
        foreach (var client in _clients.Values) client.Dispose();
    }
}
