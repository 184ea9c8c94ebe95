namespace Portal.Aws;

/// <summary>An AWS service the portal calls: how it signs, where its endpoint is, how to override that endpoint.</summary>
public sealed record AwsService(
    string DisplayName,
    string SigningName,
    string EndpointEnvSuffix,
    string EndpointConfigKey,
    Func<string, Uri> DefaultEndpoint,
    string? FixedSigningRegion = null)
{
    public static readonly AwsService AppRunner = new("App Runner", "apprunner", "APPRUNNER", "AppRunner", r
        => new Uri($"https://apprunner.{r}.amazonaws.com"));

    public static readonly AwsService Ecs = new("ECS", "ecs", "ECS", "Ecs", r => new Uri($"https://ecs.{r}.amazonaws.com"));

    public static readonly AwsService Ecr = new("ECR", "ecr", "ECR", "Ecr", r => new Uri($"https://api.ecr.{r}.amazonaws.com"));

    // Route 53's control plane is global and signs in us-east-1 whatever region the caller works with.
    public static readonly AwsService Route53 = new("Route 53", "route53", "ROUTE_53", "Route53", _ => new Uri("https://route53.amazonaws.com"), "us-east-1");

    public static readonly AwsService CloudWatch = new("CloudWatch", "monitoring", "CLOUDWATCH", "CloudWatch", r
        => new Uri($"https://monitoring.{r}.amazonaws.com"));

    public static readonly AwsService DynamoDb = new("DynamoDB", "dynamodb", "DYNAMODB", "DynamoDB", r => new Uri($"https://dynamodb.{r}.amazonaws.com"));

    // Regional STS endpoints, as AWS recommends over the global one: credentials they issue are valid in every region.
    public static readonly AwsService Sts = new("STS", "sts", "STS", "Sts", r => new Uri($"https://sts.{r}.amazonaws.com"));

    public static IReadOnlyList<AwsService> All { get; } = [AppRunner, Ecs, Ecr, Route53, CloudWatch, DynamoDb, Sts];

    /// <summary>The AWS SDKs' service-specific endpoint variable, e.g. AWS_ENDPOINT_URL_APPRUNNER.</summary>
    public string EndpointEnvVariable => "AWS_ENDPOINT_URL_" + EndpointEnvSuffix;

    public string HttpClientName => "aws-" + SigningName;

    public string SigningRegion(string region) => FixedSigningRegion ?? region;
}
