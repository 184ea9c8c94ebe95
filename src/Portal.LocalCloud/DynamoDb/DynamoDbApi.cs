using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.LocalCloud.Protocol;
using Portal.LocalCloud.World;

namespace Portal.LocalCloud.DynamoDb;

/// <summary>DynamoDB's control plane over JSON 1.0 (X-Amz-Target: DynamoDB_20120810.*): DescribeTable and ListTables.</summary>
public sealed class DynamoDbApi(CloudWorld world) : IAwsApi
{
    private const string TargetPrefix = "DynamoDB_20120810.";

    public string SigningName => "dynamodb";
    public AwsProtocol Protocol => AwsProtocol.Json10;
    public string ThrottlingCode => "ThrottlingException";

    public bool Matches(HttpRequest request) => request.Headers["X-Amz-Target"].ToString().StartsWith(TargetPrefix, StringComparison.Ordinal);

    public Task HandleAsync(ApiRequest request)
    {
        var input = request.Json();
        JsonObject output;
        lock (world.Gate)
        {
            output = request.Operation switch
            {
                "DescribeTable" => DescribeTable(request, input),
                "ListTables" => ListTables(request, input),
                _ => throw new AwsError("UnknownOperationException", $"Operation {request.Operation} is not supported by LocalCloud's DynamoDB."),
            };
        }
        return Json.Write(request.Http, Protocol, output);
    }

    private JsonObject ListTables(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        var limit = Json.OptionalInt(input, "Limit", "ValidationException") ?? 100;
        if (limit is < 1 or > 100) throw new AwsError("ValidationException",
            $"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100");
        var start = Json.OptionalString(input, "ExclusiveStartTableName", "ValidationException");
        var names = world.Tables.Where(t => t.AccountId == request.AccountId && t.Replicas.ContainsKey(region)).Select(t => t.Name)
            .Order(StringComparer.Ordinal)
            .Where(n => start is null || string.CompareOrdinal(n, start) > 0).ToList();
        var result = new JsonObject { ["TableNames"] = new JsonArray([.. names.Take(limit).Select(n => (JsonNode)n)]) };
        if (names.Count > limit) result["LastEvaluatedTableName"] = names[limit - 1];
        return result;
    }

    private JsonObject DescribeTable(ApiRequest request, JsonElement input)
    {
        var region = request.Region;
        var name = Json.RequiredString(input, "TableName", "ValidationException");
        if (name.Length is < 3 or > 1024) throw new AwsError("ValidationException",
            $"1 validation error detected: Value '{name}' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3");
        var table = world.Tables.SingleOrDefault(t => t.Name == name && t.AccountId == request.AccountId && t.Replicas.ContainsKey(region))
            ?? throw new AwsError("ResourceNotFoundException", $"Requested resource not found: Table: {name} not found");

        return new JsonObject
        {
            ["Table"] = new JsonObject
            {
                ["TableName"] = table.Name,
                ["TableStatus"] = table.TableStatus,
                ["TableArn"] = table.ArnIn(table.AccountId, region),
                ["TableId"] = table.TableId,
                ["CreationDateTime"] = Json.Epoch(table.CreatedAt),
                ["ItemCount"] = table.ItemCount,
                ["TableSizeBytes"] = table.TableSizeBytes,
                ["AttributeDefinitions"] = new JsonArray(new JsonObject { ["AttributeName"] = "pk", ["AttributeType"] = "S" },
                    new JsonObject { ["AttributeName"] = "sk", ["AttributeType"] = "S" }),
                ["KeySchema"] = new JsonArray(new JsonObject { ["AttributeName"] = "pk", ["KeyType"] = "HASH" },
                    new JsonObject { ["AttributeName"] = "sk", ["KeyType"] = "RANGE" }),
                ["BillingModeSummary"] = new JsonObject { ["BillingMode"] = "PAY_PER_REQUEST" },
                ["ProvisionedThroughput"] = new JsonObject { ["NumberOfDecreasesToday"] = 0, ["ReadCapacityUnits"] = 0, ["WriteCapacityUnits"] = 0 },
                ["StreamSpecification"] = new JsonObject { ["StreamEnabled"] = true, ["StreamViewType"] = "NEW_AND_OLD_IMAGES" },
                ["GlobalTableVersion"] = "2019.11.21",
                ["Replicas"] = new JsonArray([.. table.Replicas.Where(r => r.Key != region).OrderBy(r => r.Key, StringComparer.Ordinal)
                    .Select(r => (JsonNode)new JsonObject
                {
                    ["RegionName"] = r.Key,
                    ["ReplicaStatus"] = r.Value,
                })]),
            },
        };
    }
}
