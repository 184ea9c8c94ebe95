namespace Portal.LocalCloud.Tests.DynamoDb;

/// <summary>DynamoDB's control plane (global tables) through the AWS CLI.</summary>
public sealed class DynamoDbCliTests : IAsyncLifetime
{
    private LocalCloudHost _cloud = null!;

    public async Task InitializeAsync() => _cloud = await TestCloud.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Describe_table_lists_the_replica_in_the_other_region_as_active()
    {
        var result = await AwsCli.RunAsync(_cloud, "us-east-1", "dynamodb", "describe-table", "--table-name", "webapp-production");

        Assert.Equal(0, result.ExitCode);
        var table = result.Json.GetProperty("Table");
        Assert.Equal("ACTIVE", table.GetProperty("TableStatus").GetString());
        Assert.Equal("arn:aws:dynamodb:us-east-1:000000000000:table/webapp-production", table.GetProperty("TableArn").GetString());
        Assert.Equal("2019.11.21", table.GetProperty("GlobalTableVersion").GetString());
        var replica = Assert.Single(table.GetProperty("Replicas").EnumerateArray());
        Assert.Equal("us-east-2", replica.GetProperty("RegionName").GetString());
        Assert.Equal("ACTIVE", replica.GetProperty("ReplicaStatus").GetString());
    }

    [Fact]
    public async Task A_replica_status_change_shows_in_the_other_region()
    {
        lock (_cloud.World.Gate) _cloud.World.Tables.Single(t => t.Name == "webapp-staging").Replicas["us-east-1"] = "REGION_DISABLED";

        var result = await AwsCli.RunAsync(_cloud, "us-east-2", "dynamodb", "describe-table", "--table-name", "webapp-staging");

        Assert.Equal("REGION_DISABLED", result.Json.GetProperty("Table").GetProperty("Replicas")[0].GetProperty("ReplicaStatus").GetString());
    }

    [Fact]
    public async Task List_tables_returns_both_environments_tables()
    {
        var result = await AwsCli.RunAsync(_cloud, "us-east-2", "dynamodb", "list-tables");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["webapp-production", "webapp-staging"], result.Json.GetProperty("TableNames").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task An_unknown_table_is_resource_not_found()
    {
        var result = await AwsCli.RunAsync(_cloud, "us-east-1", "dynamodb", "describe-table", "--table-name", "nope-table");

        Assert.Equal("ResourceNotFoundException", result.ErrorCode);
    }
}
