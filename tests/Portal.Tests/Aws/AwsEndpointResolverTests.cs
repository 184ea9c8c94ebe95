using Portal.Aws;

namespace Portal.Tests.Aws;

public class AwsEndpointResolverTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Key == name).Value;

    [Fact]
    public void Without_overrides_each_service_uses_its_real_regional_endpoint()
    {
        var none = new AwsEndpointOptions();

        Assert.Equal("https://apprunner.us-east-2.amazonaws.com/", AwsEndpointResolver.Resolve(AwsService.AppRunner, "us-east-2", none, Env()).ToString());
        Assert.Equal("https://api.ecr.us-east-2.amazonaws.com/", AwsEndpointResolver.Resolve(AwsService.Ecr, "us-east-2", none, Env()).ToString());
        Assert.Equal("https://route53.amazonaws.com/", AwsEndpointResolver.Resolve(AwsService.Route53, "us-east-2", none, Env()).ToString());
        Assert.Equal("https://monitoring.eu-west-1.amazonaws.com/", AwsEndpointResolver.Resolve(AwsService.CloudWatch, "eu-west-1", none, Env()).ToString());
        Assert.Equal("https://dynamodb.us-east-1.amazonaws.com/", AwsEndpointResolver.Resolve(AwsService.DynamoDb, "us-east-1", none, Env()).ToString());
    }

    [Fact]
    public void The_service_specific_variable_beats_the_generic_one_which_beats_the_default()
    {
        var env = Env(("AWS_ENDPOINT_URL_APPRUNNER", "http://apprunner.local:1"), ("AWS_ENDPOINT_URL", "http://everything.local:2"));
        var none = new AwsEndpointOptions();

        Assert.Equal("http://apprunner.local:1/", AwsEndpointResolver.Resolve(AwsService.AppRunner, "us-east-1", none, env).ToString());
        Assert.Equal("http://everything.local:2/", AwsEndpointResolver.Resolve(AwsService.Ecr, "us-east-1", none, env).ToString());
        Assert.Equal("http://everything.local:2/", AwsEndpointResolver.Resolve(AwsService.Route53, "us-east-1", none, env).ToString());
    }

    [Fact]
    public void Route_53_uses_its_own_variable_name_with_an_underscore()
    {
        var env = Env(("AWS_ENDPOINT_URL_ROUTE_53", "http://r53.local:3"));

        Assert.Equal("http://r53.local:3/", AwsEndpointResolver.Resolve(AwsService.Route53, "us-east-1", new AwsEndpointOptions(), env).ToString());
        Assert.Equal("us-east-1", AwsService.Route53.SigningRegion("us-east-2"));
    }

    [Fact]
    public void Environment_variables_beat_configuration_and_configuration_beats_the_default()
    {
        var configured = new AwsEndpointOptions { Default = "http://config-default:4", DynamoDB = "http://config-dynamo:5" };

        Assert.Equal("http://config-dynamo:5/", AwsEndpointResolver.Resolve(AwsService.DynamoDb, "us-east-1", configured, Env()).ToString());
        Assert.Equal("http://config-default:4/", AwsEndpointResolver.Resolve(AwsService.CloudWatch, "us-east-1", configured, Env()).ToString());
        Assert.Equal("http://env:6/", AwsEndpointResolver.Resolve(AwsService.DynamoDb, "us-east-1", configured, Env(("AWS_ENDPOINT_URL", "http://env:6")))
            .ToString());
    }

    [Fact]
    public void Ignoring_configured_endpoints_restores_the_real_ones()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://env:6"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));

        Assert.Equal("https://apprunner.us-east-1.amazonaws.com/", AwsEndpointResolver.Resolve(AwsService.AppRunner, "us-east-1", new AwsEndpointOptions(), env)
            .ToString());
    }

    [Fact]
    public void Local_mode_sends_every_service_to_LocalCloud_whatever_the_environment_says()
    {
        var resolver = new AwsEndpointResolver(new AwsEndpointOptions(), Env(("AWS_ENDPOINT_URL_ECR", "http://elsewhere:7")));
        resolver.UseForEveryService(new Uri("http://127.0.0.1:4566"));

        Assert.All(AwsService.All, s => Assert.Equal("http://127.0.0.1:4566/", resolver.Resolve(s, "us-east-2").ToString()));
        Assert.True(resolver.IsOverridden(AwsService.DynamoDb, "us-east-2"));
    }

    [Fact]
    public void A_malformed_endpoint_is_an_error_naming_the_service()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            AwsEndpointResolver.Resolve(AwsService.Ecr, "us-east-1", new AwsEndpointOptions(), Env(("AWS_ENDPOINT_URL_ECR", "not a url"))));

        Assert.Contains("ECR", error.Message);
    }
}
